/// A partnership agreement between the home municipality (or several) and one or more
/// partner cities. Parties are city ids, resolved by the store.
public struct Agreement: Sendable, Equatable {
    public var homeCityIDs: [Int]
    public var partnerCityIDs: [Int]
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
        kind = try input.choice("kind", AgreementKind.self)
        areas = try input.list("areas")
        funding = try input.list("funding")
        signedOn = try input.optionalDate("signed")
        sinceYear = try input.optionalInteger("since", in: 1900...2200)
        untilYear = try input.optionalInteger("until", in: 1900...2200)
        if let since = sinceYear, let until = untilYear, until < since {
            throw ValidationError(field: "until", value: String(until), rule: "must not be before since (\(since))")
        }
        status = try input.choice("status", AgreementStatus.self, default: .active)
        councilDecision = try input.optionalText("council-decision")
        reviewDue = try input.optionalDate("review-due")
        notes = try input.notes()
    }
}
