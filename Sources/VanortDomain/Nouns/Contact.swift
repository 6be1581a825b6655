/// A contact person: of an association, a partner city, or the international office's
/// own staff, who receive the reminders (in their `language`).
///
/// Declared once in `descriptor`; it has no rules between fields.
public enum Contact {
    public static let descriptor = NounDescriptor(
        noun: "contact", summary: "contact persons; staff get reminders", table: "contact",
        fields: [
            FieldDescriptor("name", "name", .text(maxLength: 200), "full name", required: true, search: true),
            FieldDescriptor("title", "title", .text(maxLength: 2000), "title", search: true),
            FieldDescriptor("unit", "unit", .text(maxLength: 2000), "unit or department", search: true),
            FieldDescriptor("association", "association_id", .reference(noun: "association"), "organisation (id or name)", filter: true, search: true),
            FieldDescriptor("city", "city_id", .reference(noun: "city"), "city (id or name)", filter: true, search: true),
            FieldDescriptor("phone", "phone", .phone, "phone"),
            FieldDescriptor("email", "email", .email, "e-mail address", search: true),
            FieldDescriptor("language", "language", .choice(Language.allCases.map(\.rawValue)), "sv or en (default sv)", default: Language.sv.rawValue),
            FieldDescriptor("staff", "staff", .bool, "true for international-office staff", default: "false", filter: true),
            FieldDescriptor("notes", "notes", .notes, "free text"),
        ],
        brief: ["id", "name", "title", "association", "city", "email", "phone", "staff"], nameKey: "name", validate: { _ throws(ValidationError) in })
}
