/// A field that failed validation: which field, the value given, and the rule it broke.
/// The daemon answers it with `422 INVALID`; nothing is written.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var value: String?
    public var rule: String

    public init(field: String, value: String?, rule: String) {
        self.field = field
        self.value = value
        self.rule = rule
    }

    public var description: String {
        if let value { return "\(field) '\(value)': \(rule)" }
        return "\(field): \(rule)"
    }
}
