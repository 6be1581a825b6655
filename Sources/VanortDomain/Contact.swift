/// A contact person. Staff of the international office receive reminders.
public struct Contact: Sendable, Equatable {
    public var name: String
    public var title: String?
    public var unit: String?
    public var associationID: Int?
    public var cityID: Int?
    public var phone: String?
    public var email: String?
    public var language: Language
    public var staff: Bool
    public var notes: String?

    public init(_ input: FieldInput, associationID: Int?, cityID: Int?) throws(ValidationError) {
        name = try input.text("name")
        title = try input.optionalText("title")
        unit = try input.optionalText("unit")
        self.associationID = associationID
        self.cityID = cityID
        phone = try input.optionalPhone("phone")
        email = try input.optionalEmail("email")
        language = try input.choice("language", Language.self, default: .sv)
        staff = try input.optionalBool("staff") ?? false
        notes = try input.notes()
    }
}
