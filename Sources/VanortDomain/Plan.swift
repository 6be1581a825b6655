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

/// One concrete activity of an action plan, with an owner and a due date.
public struct Activity: Sendable, Equatable {
    public enum Status: String, CaseIterable, Sendable {
        case open, done, cancelled
    }

    public var planID: Int
    public var title: String
    public var ownerID: Int?
    public var due: CalendarDate?
    public var status: Status
    public var notes: String?

    public init(_ input: FieldInput, planID: Int, ownerID: Int?) throws(ValidationError) {
        self.planID = planID
        title = try input.text("title")
        self.ownerID = ownerID
        due = try input.optionalDate("due")
        status = try input.choice("status", Status.self, default: .open)
        notes = try input.notes()
    }
}
