/// A youth, student or trainee exchange with a partner city.
public struct Exchange: Sendable, Equatable {
    public enum Kind: String, CaseIterable, Sendable {
        case youth, student, trainee
    }

    public var title: String?
    public var kind: Kind
    public var cityID: Int
    public var direction: Direction
    public var from: CalendarDate
    public var to: CalendarDate
    /// Our side's sending or receiving organisation.
    public var associationID: Int?
    /// The other side's organisation.
    public var partnerOrganisation: String?
    public var participants: Int?
    public var leaders: Int?
    /// e.g. eu (Erasmus+), municipality.
    public var funding: [String]
    public var grantReference: String?
    public var status: VisitStatus
    public var contactID: Int?
    public var notes: String?

    public init(_ input: FieldInput, cityID: Int, associationID: Int?, contactID: Int?) throws(ValidationError) {
        title = try input.optionalText("title")
        kind = try input.choice("kind", Kind.self, default: .youth)
        self.cityID = cityID
        direction = try input.choice("direction", Direction.self, default: .outgoing)
        from = try input.date("from")
        to = try input.date("to")
        guard to >= from else { throw ValidationError(field: "to", value: to.description, rule: "must not be before from (\(from))") }
        self.associationID = associationID
        partnerOrganisation = try input.optionalText("partner-organisation")
        participants = try input.optionalInteger("participants", in: 0...10_000)
        leaders = try input.optionalInteger("leaders", in: 0...1_000)
        funding = try input.list("funding")
        grantReference = try input.optionalText("grant-reference")
        status = try input.choice("status", VisitStatus.self, default: .planned)
        self.contactID = contactID
        notes = try input.notes()
    }
}
