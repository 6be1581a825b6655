/// Where vanortctl reaches the daemon: the local Unix socket, or the TCP+TLS listener
/// with a token (sent as `AUTH` right after the greeting).
public enum Endpoint: Sendable, CustomStringConvertible {
    case unix(path: String)
    /// `caFile` nil: the system's trust store. The server's certificate is always verified.
    case tls(host: String, port: Int, token: String, caFile: String?)

    /// Where, never the token.
    public var description: String {
        switch self {
        case .unix(let path): path
        case .tls(let host, let port, _, _): "\(host):\(port) (TLS)"
        }
    }
}
