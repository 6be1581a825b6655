/// A setting with a value vanortd cannot use; names the key and the value.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public var key: String
    public var value: String
    public var reason: String

    public init(key: String, value: String, reason: String) {
        self.key = key
        self.value = value
        self.reason = reason
    }

    public var description: String { "configuration: \(key) '\(value)' \(reason)" }
}
