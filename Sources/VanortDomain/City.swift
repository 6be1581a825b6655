/// A municipality: the home one or a partner. Its name is unique within its country.
public struct City: Sendable, Equatable {
    public var name: String
    /// ISO 3166-1 alpha-2.
    public var country: String
    public var region: String?
    /// IANA zone; reminders about the city's events are computed in it.
    public var timeZone: String
    public var population: Int?
    public var website: String?
    public var notes: String?

    public init(_ input: FieldInput) throws(ValidationError) {
        name = try input.text("name")
        country = try input.country("country")
        region = try input.optionalText("region", maxLength: 200)
        timeZone = try input.timeZone("timezone")
        population = try input.optionalInteger("population", in: 0...100_000_000)
        website = try input.optionalWebsite("website")
        notes = try input.notes()
    }
}
