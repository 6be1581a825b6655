/// The protocol and software versions both sides announce.
public enum ProtocolVersion {
    /// The admin protocol's major version (`HELLO 1`).
    public static let major = 1
    /// vanort's release.
    public static let software = "0.1.0"
}
