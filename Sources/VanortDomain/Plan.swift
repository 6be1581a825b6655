/// An action plan of an agreement for a period: the concrete activities it lists are
/// `Activity` records.
public struct Plan: Sendable, Equatable {
    public var agreementID: Int
    public var title: String
    public var from: CalendarDate
    public var to: CalendarDate
    public var notes: String?

    public init(_ input: FieldInput, agreementID: Int) throws(ValidationError) {
        self.agreementID = agreementID
        title = try input.text("title")
        from = try input.date("from")
        to = try input.date("to")
        guard to >= from else { throw ValidationError(field: "to", value: to.description, rule: "must not be before from (\(from))") }
        notes = try input.notes()
    }
}
