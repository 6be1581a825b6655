/// A municipality: the home one or a partner. Its name is unique within its country;
/// reminders about its events are computed in its time zone.
///
/// Declared once in `descriptor`; it has no rules between fields.
public enum City {
    public static let descriptor = NounDescriptor(
        noun: "city", summary: "partner cities and home municipalities", table: "city",
        fields: [
            FieldDescriptor("name", "name", .text(maxLength: 200), "the city's name (unique per country)", required: true, search: true),
            FieldDescriptor("country", "country", .country, "ISO 3166-1 alpha-2 code, e.g. SE", required: true, filter: true, search: true),
            FieldDescriptor("region", "region", .text(maxLength: 200), "region or state", search: true),
            FieldDescriptor("timezone", "timezone", .timeZone, "IANA zone, e.g. Europe/Stockholm", required: true),
            FieldDescriptor("population", "population", .integer(0...100_000_000), "inhabitants"),
            FieldDescriptor("website", "website", .website, "http(s) address"),
            FieldDescriptor("notes", "notes", .notes, "free text"),
        ],
        identity: ["name", "country"], nameKey: "name", validate: { _ throws(ValidationError) in })
}
