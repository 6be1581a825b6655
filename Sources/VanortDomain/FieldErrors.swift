/// What is wrong with each field of one record, collected while a hand-written domain type
/// reads its input, so one answer names every mistake (as a declared noun's `read` does).
public struct FieldErrors: Sendable {
    public private(set) var errors: [ValidationError] = []

    public init() {}

    /// The field's value, or nil after noting what is wrong with it.
    public mutating func read<T>(_ body: () throws(ValidationError) -> T) -> T? {
        do {
            return try body()
        } catch {
            errors.append(error)
            return nil
        }
    }

    /// Notes a rule broken between fields.
    public mutating func add(_ error: ValidationError) {
        errors.append(error)
    }

    /// Throws every error noted so far, the first carrying the others.
    public func check() throws(ValidationError) {
        if let error = ValidationError(all: errors) { throw error }
    }
}
