/// One concrete activity of an action plan, with an owner and a due date: what the
/// partnership's action plan for a period lists (the seeds: action plans list activities
/// per period). Reminder rules count from `due`, chasing it until it is no longer open.
///
/// Declared once in `descriptor`; it has no rules between fields.
public enum Activity {
    public enum Status: String, CaseIterable, Sendable {
        case open, done, cancelled
    }

    public static let descriptor = NounDescriptor(
        noun: "activity", summary: "concrete activities of action plans", table: "activity",
        fields: [
            FieldDescriptor("plan", "plan_id", .reference(noun: "plan"), "the plan (id or title)", required: true, filter: true),
            FieldDescriptor("title", "title", .text(maxLength: 200), "what is to be done", required: true, search: true),
            FieldDescriptor("owner", "owner_id", .reference(noun: "contact"), "responsible contact (id or name)", filter: true, search: true),
            FieldDescriptor("due", "due_on", .date, "due date"),
            FieldDescriptor("status", "status", .choice(Status.allCases.map(\.rawValue)), "open, done, cancelled (default open)",
                            default: Status.open.rawValue, filter: true),
            FieldDescriptor("notes", "notes", .notes, "free text", search: true),
        ],
        dateColumn: "due", validate: { _ throws(ValidationError) in })
}
