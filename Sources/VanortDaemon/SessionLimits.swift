/// The per-session limits that apply to sessions opened from now on (reloaded on SIGHUP).
public struct SessionLimits: Sendable, Equatable {
    public var maxLineBytes: Int
    public var idleTimeoutSeconds: Int
    public var maxClients: Int
    /// Seconds a TCP session has to authenticate.
    public var handshakeTimeoutSeconds: Int

    public init(_ configuration: Configuration) {
        maxLineBytes = configuration.maxLineBytes
        idleTimeoutSeconds = configuration.idleTimeoutSeconds
        maxClients = configuration.maxClients
        handshakeTimeoutSeconds = configuration.handshakeTimeoutSeconds
    }
}
