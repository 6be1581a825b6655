import VanortDomain
import VanortPostgres

/// Associations: `association`.
enum AssociationTable: RecordTable {
    static let noun = Noun.association
    static let table: SQL = "association"
    static let select: SQL = """
        SELECT r.id, r.name, c.name AS city, r.kind, pc.name AS partner_city, r.email, r.website, r.notes, r.version
        FROM association r JOIN city c ON c.id = r.city_id LEFT JOIN city pc ON pc.id = r.partner_city_id
        WHERE true
        """
    static let filterKeys: Set<String> = ["city", "kind"]
    static let associationAccess = AssociationAccess.readOwn(owner: "r.id")
    static let searchText: SQL = "vanort_fold(concat_ws(' ', r.name, c.name, pc.name, r.notes))"
    static let identity: SQL? = "vanort_fold(o.name) = vanort_fold(n.name)"

    static func form(_ connection: PostgresConnection, id: Int) throws -> [String: String] {
        try connection.query(SQL(
            """
            SELECT name, city_id::text AS city, kind, partner_city_id::text AS "partner-city", email, website, notes
            FROM association WHERE id = $1
            """, id)).first?.textFields() ?? [:]
    }

    static func save(_ connection: PostgresConnection, _ input: FieldInput, id: Int?, context: StoreContext) throws -> Int {
        let resolver = ReferenceResolver(connection: connection, scope: context.scope)
        let cityID = try resolver.required(.city, input, "city")
        let partnerID = try resolver.optional(.city, input, "partner-city")
        let association = try Association(input, cityID: cityID, partnerCityID: partnerID)
        guard let id else {
            return try returnedID(connection.query(SQL(
                """
                INSERT INTO association (name, city_id, kind, partner_city_id, email, website, notes)
                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
                """, association.name, association.cityID, association.kind.rawValue, association.partnerCityID,
                association.email, association.website, association.notes)))
        }
        try connection.query(SQL(
            """
            UPDATE association SET name = $2, city_id = $3, kind = $4, partner_city_id = $5, email = $6,
                website = $7, notes = $8, version = version + 1, updated_at = now()
            WHERE id = $1
            """, id, association.name, association.cityID, association.kind.rawValue, association.partnerCityID,
            association.email, association.website, association.notes))
        return id
    }

    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        switch key {
        case "city":
            let cityID = try resolver.resolve(.city, value, field: "city")
            sql.append(" AND (r.city_id = ")
            sql.bind(cityID)
            sql.append(" OR r.partner_city_id = ")
            sql.bind(cityID)
            sql.append(")")
        case "kind": sql.andEquals("r.kind", value.lowercased())
        default: break
        }
    }
}
