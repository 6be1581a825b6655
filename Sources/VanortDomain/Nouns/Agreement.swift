import Foundation

/// A partnership agreement between the home municipality (or several) and one or more
/// partner cities, and any organisations that are parties too (a county, a hospital, an
/// association). Declared once in `descriptor`; its city parties are kept beside it (the
/// store's table writes them), organisations by name. Its rules: at least one party on
/// each side, no city on both, and it does not end before it starts.
public enum Agreement {
    public static let descriptor = NounDescriptor(
        noun: "agreement", summary: "partnership agreements and their parties", table: "agreement",
        fields: [
            FieldDescriptor("home", "agreement_party", .references(noun: "city"), "home municipality or municipalities (default: the configured home city)",
                            required: true, search: true, linked: true),
            FieldDescriptor("city", "agreement_party", .references(noun: "city"), "partner city or cities (id or name, comma-separated); as a filter, a party",
                            required: true, filter: true, search: true, linked: true),
            FieldDescriptor("organisations", "organisations", .names, "parties that are not cities: counties, companies, associations (names, comma-separated)",
                            search: true),
            FieldDescriptor("kind", "kind", .choice(AgreementKind.allCases.map(\.rawValue)), AgreementKind.allCases.map(\.rawValue).joined(separator: ", "),
                            required: true, filter: true, search: true),
            FieldDescriptor("areas", "areas", .list, "comma-separated areas, e.g. education,culture", search: true),
            FieldDescriptor("funding", "funding", .list, "comma-separated sources, e.g. municipality,eu,icld"),
            FieldDescriptor("signed", "signed_on", .date, "date signed"),
            FieldDescriptor("since", "since_year", .integer(1900...2200), "start year"),
            FieldDescriptor("until", "until_year", .integer(1900...2200), "end year"),
            FieldDescriptor("status", "status", .choice(AgreementStatus.allCases.map(\.rawValue)), "active, dormant, ended (default active)",
                            default: AgreementStatus.active.rawValue, filter: true),
            FieldDescriptor("council-decision", "council_decision", .text(maxLength: 2000), "council decision reference"),
            FieldDescriptor("review-due", "review_due", .date, "date the partnership must be reviewed by"),
            FieldDescriptor("notes", "notes", .notes, "free text", search: true),
        ],
        brief: ["id", "home", "city", "organisations", "kind", "since", "until", "status", "review_due"],
        computed: ["amendments"],
        otherFilters: [("organisation", "an organisation party"), ("area", "one area")]
    ) { values throws(ValidationError) in
        var errors = FieldErrors()
        if let shared = Set(values.ids("home")).intersection(values.ids("city")).first {
            errors.add(ValidationError(field: "city", value: String(shared), rule: "a city cannot be both home and partner"))
        }
        if let since = values.integer("since"), let until = values.integer("until"), until < since {
            errors.add(ValidationError(field: "until", value: String(until), rule: "must not be before since (\(since))"))
        }
        try errors.check()
    }

    /// What changed between two readings of an agreement's terms (field key to the text a
    /// reader sees; lists comma-separated), in the order of its fields:
    /// `organisations: + Winnebago County; until: 2020 → 2030`.
    public static func changes(from before: [String: String], to after: [String: String]) -> String {
        descriptor.fields.compactMap { field -> String? in
            let old = before[field.key] ?? "", new = after[field.key] ?? ""
            guard old != new else { return nil }
            if field.kind == .notes { return "\(field.key) changed" }
            guard field.holdsSeveral else { return "\(field.key): \(old.isEmpty ? "–" : old) → \(new.isEmpty ? "–" : new)" }
            func items(_ text: String) -> [String] {
                text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            let was = items(old), now = items(new)
            let joined = now.filter { !was.contains($0) }.map { "+ \($0)" }
            let left = was.filter { !now.contains($0) }.map { "− \($0)" }
            return "\(field.key): " + (joined + left).joined(separator: ", ")
        }.joined(separator: "; ")
    }
}
