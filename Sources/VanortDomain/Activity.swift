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
