/// Why vanortctl could not talk to the daemon (exit code 2), as opposed to the daemon
/// refusing a command (exit code 1).
public enum ClientError: Error, Sendable, CustomStringConvertible {
    case cannotConnect(endpoint: Endpoint, reason: String)
    case unexpectedReply(String)
    case closed

    public var description: String {
        switch self {
        case .cannotConnect(.unix(let path), let reason):
            return "cannot connect to vanortd at \(path): \(reason) (is vanortd running? --socket or VANORT_SOCKET choose the socket)"
        case .cannotConnect(let endpoint, let reason):
            return "cannot connect to vanortd at \(endpoint): \(reason) (check --host, the network, and --ca-file for its certificate)"
        case .unexpectedReply(let text):
            return "vanortd answered something unexpected: \(text.prefix(200))"
        case .closed:
            return "vanortd closed the connection"
        }
    }
}
