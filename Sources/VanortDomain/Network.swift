/// A multilateral network of cities, such as the Smart City Alliance.
public struct Network: Sendable, Equatable {
    public var name: String
    public var status: AgreementStatus
    public var memberCityIDs: [Int]
    /// When the members given now joined (kept per member).
    public var joined: CalendarDate?
    public var notes: String?

    public init(_ input: FieldInput, memberCityIDs: [Int]) throws(ValidationError) {
        name = try input.text("name")
        status = try input.choice("status", AgreementStatus.self, default: .active)
        guard !memberCityIDs.isEmpty else { throw ValidationError(field: "members", value: nil, rule: "at least one member city is required") }
        self.memberCityIDs = memberCityIDs
        joined = try input.optionalDate("joined")
        notes = try input.notes()
    }
}
