import VanortDomain
import VanortPostgres

/// Contact persons: `contact`.
enum ContactTable: RecordTable {
    static let noun = Noun.contact
    static let table: SQL = "contact"
    static let select: SQL = """
        SELECT r.id, r.name, r.title, r.unit, a.name AS association, c.name AS city, r.phone, r.email,
            r.language, r.staff, r.notes, r.version
        FROM contact r LEFT JOIN association a ON a.id = r.association_id LEFT JOIN city c ON c.id = r.city_id
        WHERE true
        """
    static let filterKeys: Set<String> = ["city", "association", "staff"]
    static let associationAccess = AssociationAccess.writeOwn(owner: "r.association_id", condition: " AND NOT r.staff", field: "association")
    static let searchText: SQL = "vanort_fold(concat_ws(' ', r.name, r.title, r.unit, r.email, a.name, c.name))"
    /// The same person at the same organisation (or at none).
    static let identity: SQL? = "vanort_fold(o.name) = vanort_fold(n.name) AND o.association_id IS NOT DISTINCT FROM n.association_id"
    static let identityLabel: SQL = "o.name || coalesce(' (' || (SELECT name FROM association WHERE id = o.association_id) || ')', '')"

    static func form(_ connection: PostgresConnection, id: Int) throws -> [String: String] {
        try connection.query(SQL(
            """
            SELECT name, title, unit, association_id::text AS association, city_id::text AS city, phone, email,
                language, staff::text AS staff, notes
            FROM contact WHERE id = $1
            """, id)).first?.textFields() ?? [:]
    }

    static func save(_ connection: PostgresConnection, _ input: FieldInput, id: Int?, context: StoreContext) throws -> Int {
        let resolver = ReferenceResolver(connection: connection, scope: context.scope)
        let associationID = try resolver.optional(.association, input, "association")
        let cityID = try resolver.optional(.city, input, "city")
        let contact = try Contact(input, associationID: associationID, cityID: cityID)
        guard let id else {
            return try returnedID(connection.query(SQL(
                """
                INSERT INTO contact (name, title, unit, association_id, city_id, phone, email, language, staff, notes)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id
                """, contact.name, contact.title, contact.unit, contact.associationID, contact.cityID, contact.phone,
                contact.email, contact.language.rawValue, contact.staff, contact.notes)))
        }
        try connection.query(SQL(
            """
            UPDATE contact SET name = $2, title = $3, unit = $4, association_id = $5, city_id = $6, phone = $7,
                email = $8, language = $9, staff = $10, notes = $11, version = version + 1, updated_at = now()
            WHERE id = $1
            """, id, contact.name, contact.title, contact.unit, contact.associationID, contact.cityID, contact.phone,
            contact.email, contact.language.rawValue, contact.staff, contact.notes))
        return id
    }

    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        switch key {
        case "city": sql.andEquals("r.city_id", try resolver.resolve(.city, value, field: "city"))
        case "association": sql.andEquals("r.association_id", try resolver.resolve(.association, value, field: "association"))
        case "staff":
            guard let staff = try FieldInput(["staff": value]).optionalBool("staff") else { return }
            sql.andEquals("r.staff", staff)
        default: break
        }
    }
}
