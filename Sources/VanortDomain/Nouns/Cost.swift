/// Who pays what of one visit or exchange. Each party pays its own costs (the seeds), so a
/// visit's cost is split into shares by payer, each in its own currency, and the review
/// report sums them by payer and currency.
///
/// Declared once in `descriptor`; its rule: a share belongs to exactly one visit or exchange.
public enum Cost {
    public static let descriptor = NounDescriptor(
        noun: "cost", summary: "who pays what of a visit or exchange", table: "cost_share",
        fields: [
            FieldDescriptor("visit", "visit_id", .reference(noun: "visit"), "the visit it is part of (id)", filter: true),
            FieldDescriptor("exchange", "exchange_id", .reference(noun: "exchange"), "the exchange it is part of (id or title)", filter: true),
            FieldDescriptor("payer", "payer", .text(maxLength: 200), "who pays, e.g. Linköpings kommun, Palo Alto, the association",
                            required: true, filter: true, search: true),
            FieldDescriptor("amount", "amount", .amount, "amount, e.g. 12500 or 12 500,50", required: true),
            FieldDescriptor("currency", "currency", .currency, "ISO code, e.g. SEK or EUR (default SEK)", default: "SEK", filter: true),
            FieldDescriptor("item", "item", .text(maxLength: 200), "what it pays for, e.g. travel, accommodation, programme", search: true),
            FieldDescriptor("notes", "notes", .notes, "free text", search: true),
        ],
        brief: ["id", "visit", "exchange", "payer", "amount", "currency", "item"]
    ) { values throws(ValidationError) in
        let parts = ["visit", "exchange"].filter { values[$0] != nil }
        if parts.isEmpty {
            throw ValidationError(field: "visit", value: nil, rule: "a cost is part of a visit or an exchange: give --visit or --exchange")
        }
        if parts.count > 1 {
            throw ValidationError(field: "exchange", value: nil, rule: "a cost is part of one visit or one exchange, not both")
        }
    }
}
