import Foundation

/// A partnership agreement between the home municipality (or several) and one or more
/// partner cities, and any organisations that are parties too (a county, a hospital, an
/// association). City parties are ids, resolved by the store; organisations are names.
public struct Agreement: Sendable, Equatable {
    public var homeCityIDs: [Int]
    public var partnerCityIDs: [Int]
    /// Parties that are not cities, by name, in the order given.
    public var organisations: [String]
    public var kind: AgreementKind
    /// education, culture, energy-and-climate, …: open-ended words.
    public var areas: [String]
    /// municipality, eu, icld, named foundations: open-ended words.
    public var funding: [String]
    public var signedOn: CalendarDate?
    public var sinceYear: Int?
    public var untilYear: Int?
    public var status: AgreementStatus
    /// The council's decision reference (kommunfullmäktige).
    public var councilDecision: String?
    /// The seeds require a review before a new agreement.
    public var reviewDue: CalendarDate?
    public var notes: String?

    public init(_ input: FieldInput, homeCityIDs: [Int], partnerCityIDs: [Int]) throws(ValidationError) {
        guard !partnerCityIDs.isEmpty else { throw ValidationError(field: "city", value: nil, rule: "at least one partner city is required") }
        guard !homeCityIDs.isEmpty else { throw ValidationError(field: "home", value: nil, rule: "at least one home city is required") }
        if let shared = Set(homeCityIDs).intersection(partnerCityIDs).first {
            throw ValidationError(field: "city", value: String(shared), rule: "a city cannot be both home and partner")
        }
        self.homeCityIDs = homeCityIDs
        self.partnerCityIDs = partnerCityIDs
        // Every field is read before any error is told, so one answer names them all.
        var errors = FieldErrors()
        let organisations = errors.read { () throws(ValidationError) in try input.names("organisations") }
        let kind = errors.read { () throws(ValidationError) in try input.choice("kind", AgreementKind.self) }
        let areas = errors.read { () throws(ValidationError) in try input.list("areas") }
        let funding = errors.read { () throws(ValidationError) in try input.list("funding") }
        let signedOn = errors.read { () throws(ValidationError) in try input.optionalDate("signed") }
        let sinceYear = errors.read { () throws(ValidationError) in try input.optionalInteger("since", in: 1900...2200) }
        let untilYear = errors.read { () throws(ValidationError) in try input.optionalInteger("until", in: 1900...2200) }
        if let since = sinceYear ?? nil, let until = untilYear ?? nil, until < since {
            errors.add(ValidationError(field: "until", value: String(until), rule: "must not be before since (\(since))"))
        }
        let status = errors.read { () throws(ValidationError) in try input.choice("status", AgreementStatus.self, default: .active) }
        let councilDecision = errors.read { () throws(ValidationError) in try input.optionalText("council-decision") }
        let reviewDue = errors.read { () throws(ValidationError) in try input.optionalDate("review-due") }
        let notes = errors.read { () throws(ValidationError) in try input.notes() }
        try errors.check()
        guard let kind, let status else { throw ValidationError(field: "kind", value: nil, rule: "is required") }
        self.organisations = organisations ?? []
        self.kind = kind
        self.areas = areas ?? []
        self.funding = funding ?? []
        self.signedOn = signedOn ?? nil
        self.sinceYear = sinceYear ?? nil
        self.untilYear = untilYear ?? nil
        self.status = status
        self.councilDecision = councilDecision ?? nil
        self.reviewDue = reviewDue ?? nil
        self.notes = notes ?? nil
    }
}

extension Agreement {
    /// The terms an amendment may change, in the order its record names them, and which of
    /// them are lists (told as what joined and what left).
    static let amendableTerms: [(key: String, isList: Bool)] = [
        ("home", true), ("city", true), ("organisations", true), ("kind", false), ("areas", true), ("funding", true),
        ("signed", false), ("since", false), ("until", false), ("status", false), ("council-decision", false),
        ("review-due", false), ("notes", false),
    ]

    /// What changed between two readings of an agreement's terms (field key to the text a
    /// reader sees; lists comma-separated): `organisations: + Winnebago County; until: 2020 → 2030`.
    public static func changes(from before: [String: String], to after: [String: String]) -> String {
        amendableTerms.compactMap { term -> String? in
            let old = before[term.key] ?? "", new = after[term.key] ?? ""
            guard old != new else { return nil }
            if term.key == "notes" { return "notes changed" }
            guard term.isList else { return "\(term.key): \(old.isEmpty ? "–" : old) → \(new.isEmpty ? "–" : new)" }
            func items(_ text: String) -> [String] {
                text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
            let was = items(old), now = items(new)
            let joined = now.filter { !was.contains($0) }.map { "+ \($0)" }
            let left = was.filter { !now.contains($0) }.map { "− \($0)" }
            return "\(term.key): " + (joined + left).joined(separator: ", ")
        }.joined(separator: "; ")
    }
}
