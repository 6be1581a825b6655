/// A grant the office applies for or holds: the EU (Erasmus+, Interreg), ICLD, a
/// foundation. Offices chase funding, so it has two deadlines that reminder rules count
/// from: the funder's decision (`decision-due`) and the report owed once granted
/// (`reporting-due`).
///
/// Declared once in `descriptor`; the rules between fields are `validate`.
public enum Grant {
    /// Where an application stands.
    public enum Status: String, CaseIterable, Sendable {
        case draft, applied, granted, rejected, reported

        /// The decision is still to come.
        public var awaitsDecision: Bool { self == .draft || self == .applied }
    }

    public static let descriptor = NounDescriptor(
        noun: "grant", summary: "grants applied for and held: EU, ICLD, foundations", table: "grant_application",
        fields: [
            FieldDescriptor("funder", "funder", .text(maxLength: 200), "who funds it, e.g. EU, ICLD, a foundation", required: true, filter: true, search: true),
            FieldDescriptor("programme", "programme", .text(maxLength: 200), "e.g. Erasmus+ KA1, Interreg Baltic Sea, ICLD municipal partnership", filter: true, search: true),
            FieldDescriptor("reference", "reference", .text(maxLength: 100), "the funder's reference", search: true),
            FieldDescriptor("amount", "amount", .amount, "amount applied for or granted, e.g. 125000 or 125 000,50"),
            FieldDescriptor("currency", "currency", .currency, "ISO code, e.g. SEK or EUR (default SEK)", default: "SEK"),
            FieldDescriptor("applied-on", "applied_on", .date, "date the application was sent"),
            FieldDescriptor("decision-due", "decision_due", .date, "date the funder's decision is expected"),
            FieldDescriptor("decided-on", "decided_on", .date, "date of the decision"),
            FieldDescriptor("reporting-due", "reporting_due", .date, "date the report to the funder is due"),
            FieldDescriptor("status", "status", .choice(Status.allCases.map(\.rawValue)), "draft, applied, granted, rejected, reported (default draft)",
                            default: Status.draft.rawValue, filter: true),
            FieldDescriptor("agreement", "agreement_id", .reference(noun: "agreement"), "the agreement it funds (id)", filter: true),
            FieldDescriptor("exchange", "exchange_id", .reference(noun: "exchange"), "the exchange it funds (id or title)", filter: true),
            FieldDescriptor("visit", "visit_id", .reference(noun: "visit"), "the visit it funds (id)", filter: true),
            FieldDescriptor("contact", "contact_id", .reference(noun: "contact"), "responsible contact (id or name)", filter: true, search: true),
            FieldDescriptor("notes", "notes", .notes, "free text", search: true),
        ],
        brief: ["id", "funder", "programme", "reference", "amount", "currency", "status", "decision_due", "reporting_due", "contact"],
        dateColumn: "decision_due", identity: ["funder", "reference"], nameKey: "reference", validate: validate)

    /// The rules between fields: dates in their order, a decision only once applied, and
    /// at most one thing funded.
    static func validate(_ values: inout FieldValues) throws(ValidationError) {
        try values.requireOrder("applied-on", "decided-on")
        try values.requireOrder("applied-on", "decision-due")
        try values.requireOrder("decided-on", "reporting-due")
        let status = values.text("status").flatMap(Status.init(rawValue:)) ?? .draft
        if let decided = values.date("decided-on"), status.awaitsDecision {
            throw ValidationError(
                field: "decided-on", value: decided.description,
                rule: "means a decision, but status is \(status.rawValue); set status to granted or rejected")
        }
        let funded = ["agreement", "exchange", "visit"].filter { values[$0] != nil }
        if funded.count > 1 {
            throw ValidationError(
                field: funded[1], value: nil, rule: "a grant funds one thing: an agreement, an exchange or a visit (\(funded.joined(separator: " and ")) given)")
        }
    }
}
