/// A delegation visit, incoming or outgoing. Every department reports its visits to the
/// international office (`reported`), and each party pays its own costs (`paid-by`).
///
/// Declared once in `descriptor`; its rules: it ends on or after it starts, and a report
/// date means it was reported (given alone, it sets `reported`).
public enum Visit {
    public static let descriptor = NounDescriptor(
        noun: "visit", summary: "delegation visits, incoming and outgoing", table: "visit",
        fields: [
            FieldDescriptor("direction", "direction", .choice(Direction.allCases.map(\.rawValue)), "incoming or outgoing", required: true, filter: true),
            FieldDescriptor("kind", "kind", .choice(VisitKind.allCases.map(\.rawValue)), VisitKind.allCases.map(\.rawValue).joined(separator: ", "),
                            default: VisitKind.other.rawValue, filter: true, search: true),
            FieldDescriptor("city", "city_id", .reference(noun: "city"), "partner city (id or name)", required: true, filter: true, search: true),
            FieldDescriptor("from", "from_date", .date, "first day", required: true),
            FieldDescriptor("to", "to_date", .date, "last day", required: true),
            FieldDescriptor("association", "association_id", .reference(noun: "association"), "organiser (id or name)", filter: true, search: true),
            FieldDescriptor("contact", "contact_id", .reference(noun: "contact"), "responsible contact (id or name)", search: true),
            FieldDescriptor("participants", "participants", .integer(0...10_000), "number of participants"),
            FieldDescriptor("purpose", "purpose", .text(maxLength: 2000), "purpose", search: true),
            FieldDescriptor("status", "status", .choice(VisitStatus.allCases.map(\.rawValue)), "planned, confirmed, done, cancelled (default planned)",
                            default: VisitStatus.planned.rawValue, filter: true),
            FieldDescriptor("reported", "reported", .bool, "reported to the international office (true/false); as a filter, whether the report reached the office",
                            filter: true),
            FieldDescriptor("reported-on", "reported_on", .date, "date reported"),
            FieldDescriptor("cost", "cost", .amount, "total cost, e.g. 1250.50 or 1250,50 (who pays what: cost add --visit)"),
            FieldDescriptor("currency", "currency", .currency, "ISO code of the cost, e.g. SEK or EUR (default SEK)", default: "SEK"),
            FieldDescriptor("paid-by", "paid_by", .text(maxLength: 2000), "who pays, when one party pays it all"),
            FieldDescriptor("notes", "notes", .notes, "free text", search: true),
        ],
        brief: ["id", "from", "to", "city", "direction", "kind", "association", "contact", "participants", "status", "reported", "purpose"],
        dateColumn: "from", otherFilters: [("from", "ending on or after"), ("to", "starting on or before")]
    ) { values throws(ValidationError) in
        try values.requireOrder("from", "to")
        let reportedOn = values.date("reported-on")
        guard case .bool(let reported)? = values["reported"] else {
            values.values["reported"] = .bool(reportedOn != nil)
            return
        }
        if let reportedOn, !reported {
            throw ValidationError(field: "reported-on", value: reportedOn.description, rule: "a report date needs reported=true")
        }
    }
}
