import VanortProtocol

/// A request that names a command wrongly or gives it arguments it cannot take.
/// Mapped to `400 SYNTAX`; the session stays usable.
public struct CommandError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
