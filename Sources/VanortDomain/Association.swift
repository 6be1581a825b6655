/// A friendship association, club, school or department that organises exchanges.
public struct Association: Sendable, Equatable {
    public var name: String
    public var cityID: Int
    public var kind: AssociationKind
    /// The partner city it works with.
    public var partnerCityID: Int?
    public var email: String?
    public var website: String?
    public var notes: String?

    public init(_ input: FieldInput, cityID: Int, partnerCityID: Int?) throws(ValidationError) {
        name = try input.text("name")
        self.cityID = cityID
        self.partnerCityID = partnerCityID
        kind = try input.choice("kind", AssociationKind.self, default: .friendshipAssociation)
        email = try input.optionalEmail("email")
        website = try input.optionalWebsite("website")
        notes = try input.notes()
    }
}
