/// A reminder rule: when staff hear about a kind of event. Declared once in `descriptor`;
/// the rules between its fields (a visit counts from its start or end, the others from
/// their due date; a named contact only for `recipients contact`; kinds and direction only
/// where the event has them) are `ReminderRule`'s, which `validate` applies and whose
/// defaults that follow from the event (`of`, `every-years`) it fills in.
public enum Rule {
    public static let descriptor = NounDescriptor(
        noun: "rule", summary: "reminder rules: when staff hear about events", table: "reminder_rule",
        fields: [
            FieldDescriptor("name", "name", .text(maxLength: 100), "unique name", required: true, search: true),
            FieldDescriptor("event", "event", .choice(ReminderEvent.allCases.map(\.rawValue)), ReminderEvent.allCases.map(\.rawValue).joined(separator: ", "),
                            required: true, filter: true, search: true),
            FieldDescriptor("days", "days", .integer(0...3650), "whole days from the date (0 to 3650)", default: "0"),
            FieldDescriptor("when", "timing", .choice(ReminderWhen.allCases.map(\.rawValue)), "before or after (default before)",
                            default: ReminderWhen.before.rawValue),
            FieldDescriptor("of", "anchor", .choice(ReminderAnchor.allCases.map(\.rawValue)), "start or end (visits, exchanges) or due (the others)"),
            FieldDescriptor("at", "at_time", .timeOfDay, "time of day, HH:MM (default 09:00)", default: "09:00"),
            FieldDescriptor("timezone", "timezone", .timeZone, "IANA zone (default the home city's)"),
            FieldDescriptor("recipients", "recipients", .choice(ReminderRecipients.allCases.map(\.rawValue)), "responsible, staff or contact (default responsible)",
                            default: ReminderRecipients.responsible.rawValue),
            FieldDescriptor("contact", "contact_id", .reference(noun: "contact"), "the contact, for recipients=contact"),
            FieldDescriptor("kinds", "kinds", .list, "only events of these kinds, comma-separated"),
            FieldDescriptor("direction", "direction", .choice(Direction.allCases.map(\.rawValue)), "only incoming or outgoing events"),
            FieldDescriptor("every-years", "every_years", .integer(1...100), "anniversaries: every N years (default 5)"),
            FieldDescriptor("note", "note", .text(maxLength: 2000), "text added to the reminder", search: true),
            FieldDescriptor("active", "active", .bool, "true or false (default true)", default: "true", filter: true),
        ],
        nameKey: "name", computed: ["pending"]
    ) { values throws(ValidationError) in
        let rule = try ReminderRule(values)
        values.values["of"] = .text(rule.anchor.rawValue)
        values.values["every-years"] = rule.everyYears.map(FieldValue.integer)
    }
}
