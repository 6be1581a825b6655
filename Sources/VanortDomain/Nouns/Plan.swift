/// An action plan of an agreement for a period (the seeds: action plans list activities
/// per period); its concrete activities are `Activity` records.
///
/// Declared once in `descriptor`; its period ends on or after it starts.
public enum Plan {
    public static let descriptor = NounDescriptor(
        noun: "plan", summary: "action plans of agreements, by period", table: "plan",
        fields: [
            FieldDescriptor("agreement", "agreement_id", .reference(noun: "agreement"), "the agreement's id", required: true, filter: true),
            FieldDescriptor("title", "title", .text(maxLength: 200), "title", required: true, search: true),
            FieldDescriptor("from", "period_from", .date, "first day of the period", required: true),
            FieldDescriptor("to", "period_to", .date, "last day of the period", required: true),
            FieldDescriptor("notes", "notes", .notes, "free text", search: true),
        ],
        dateColumn: "from", nameKey: "title", computed: ["cities", "open-activities", "done-activities"],
        otherFilters: [("city", "a party of the agreement")]) { values throws(ValidationError) in
        try values.requireOrder("from", "to")
    }
}
