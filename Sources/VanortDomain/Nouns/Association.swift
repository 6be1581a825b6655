/// A friendship association, club, school or department that organises visits and
/// exchanges; its name is unique. An association keeps its own e-mail, website and notes
/// up to date; the rest is the office's.
///
/// Declared once in `descriptor`; it has no rules between fields.
public enum Association {
    public static let descriptor = NounDescriptor(
        noun: "association", summary: "friendship associations, clubs, schools, departments", table: "association",
        fields: [
            FieldDescriptor("name", "name", .text(maxLength: 200), "unique name", required: true, search: true),
            FieldDescriptor("city", "city_id", .reference(noun: "city"), "its city (id or name); as a filter, its city or partner city",
                            required: true, filter: true, search: true),
            FieldDescriptor("kind", "kind", .choice(AssociationKind.allCases.map(\.rawValue)),
                            AssociationKind.allCases.map(\.rawValue).joined(separator: ", "), default: AssociationKind.friendshipAssociation.rawValue,
                            filter: true),
            FieldDescriptor("partner-city", "partner_city_id", .reference(noun: "city"), "the partner city it works with", search: true),
            FieldDescriptor("email", "email", .email, "e-mail address", association: true),
            FieldDescriptor("website", "website", .website, "http(s) address", association: true),
            FieldDescriptor("notes", "notes", .notes, "free text", search: true, association: true),
        ],
        identity: ["name"], nameKey: "name", validate: { _ throws(ValidationError) in })
}
