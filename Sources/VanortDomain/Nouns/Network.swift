/// A multilateral network of cities, such as the Smart City Alliance. Declared once in
/// `descriptor`; its members are kept beside it, each with the day it joined and, once it
/// has, the day it left (the store's table writes them: listing members only ever adds,
/// `network member remove` records a leaving).
public enum Network {
    public static let descriptor = NounDescriptor(
        noun: "network", summary: "multilateral networks of cities", table: "network",
        fields: [
            FieldDescriptor("name", "name", .text(maxLength: 200), "unique name", required: true, search: true),
            FieldDescriptor("members", "network_member", .references(noun: "city"), "member cities (ids or names, comma-separated)",
                            required: true, search: true, linked: true),
            FieldDescriptor("joined", "network_member", .date, "when the members given now joined", linked: true),
            FieldDescriptor("status", "status", .choice(AgreementStatus.allCases.map(\.rawValue)), "active, dormant, ended (default active)",
                            default: AgreementStatus.active.rawValue, filter: true),
            FieldDescriptor("notes", "notes", .notes, "free text", search: true),
        ],
        identity: ["name"], nameKey: "name", computed: ["members-joined", "former-members"],
        otherFilters: [("city", "a member")]
    ) { _ throws(ValidationError) in }
}
