/// A youth, student or trainee exchange with a partner city; its participants (minors
/// among them, with guardian consent) are `participant` records.
///
/// Declared once in `descriptor`; it ends on or after it starts.
public enum Exchange {
    public enum Kind: String, CaseIterable, Sendable {
        case youth, student, trainee
    }

    public static let descriptor = NounDescriptor(
        noun: "exchange", summary: "youth, student and trainee exchanges", table: "exchange",
        fields: [
            FieldDescriptor("title", "title", .text(maxLength: 2000), "title", search: true),
            FieldDescriptor("kind", "kind", .choice(Kind.allCases.map(\.rawValue)), "youth, student, trainee (default youth)",
                            default: Kind.youth.rawValue, filter: true),
            FieldDescriptor("city", "city_id", .reference(noun: "city"), "partner city (id or name)", required: true, filter: true, search: true),
            FieldDescriptor("direction", "direction", .choice(Direction.allCases.map(\.rawValue)), "incoming or outgoing (default outgoing)",
                            default: Direction.outgoing.rawValue),
            FieldDescriptor("from", "from_date", .date, "first day", required: true),
            FieldDescriptor("to", "to_date", .date, "last day", required: true),
            FieldDescriptor("association", "association_id", .reference(noun: "association"), "our sending or receiving organisation",
                            filter: true, search: true),
            FieldDescriptor("partner-organisation", "partner_organisation", .text(maxLength: 2000), "the partner side's organisation", search: true),
            FieldDescriptor("participants", "participants", .integer(0...10_000), "number of participants"),
            FieldDescriptor("leaders", "leaders", .integer(0...1_000), "number of leaders"),
            FieldDescriptor("funding", "funding", .list, "comma-separated sources, e.g. eu,municipality"),
            FieldDescriptor("cost", "cost", .amount, "total cost, e.g. 48000 or 48 000,50 (who pays what: cost add --exchange)"),
            FieldDescriptor("currency", "currency", .currency, "ISO code of the cost, e.g. SEK or EUR (default SEK)", default: "SEK"),
            FieldDescriptor("grant-reference", "grant_reference", .text(maxLength: 2000), "e.g. the Erasmus+ grant reference"),
            FieldDescriptor("status", "status", .choice(VisitStatus.allCases.map(\.rawValue)), "planned, confirmed, done, cancelled (default planned)",
                            default: VisitStatus.planned.rawValue, filter: true),
            FieldDescriptor("contact", "contact_id", .reference(noun: "contact"), "responsible contact (id or name)"),
            FieldDescriptor("notes", "notes", .notes, "free text", search: true),
        ],
        brief: ["id", "from", "to", "city", "title", "kind", "association", "participants", "status", "contact"], dateColumn: "from",
        nameKey: "title",
        otherFilters: [
            ("from", "ending on or after"), ("to", "starting on or before"),
            ("consent-missing", "true: a minor on it lacks guardian consent given before it starts"),
        ]
    ) { values throws(ValidationError) in
        try values.requireOrder("from", "to")
    }
}
