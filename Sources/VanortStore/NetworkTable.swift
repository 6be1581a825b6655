import VanortDomain
import VanortPostgres

/// Networks and their member cities: `network`, `network_member`.
enum NetworkTable: RecordTable {
    static let noun = Noun.network
    static let table: SQL = "network"
    static let select: SQL = """
        SELECT r.id, r.name, r.status,
            ARRAY(SELECT c.name FROM network_member m JOIN city c ON c.id = m.city_id
                  WHERE m.network_id = r.id ORDER BY c.name) AS members,
            ARRAY(SELECT c.name || ' ' || m.joined_on FROM network_member m JOIN city c ON c.id = m.city_id
                  WHERE m.network_id = r.id AND m.joined_on IS NOT NULL ORDER BY c.name) AS members_joined,
            r.notes, r.version
        FROM network r WHERE true
        """
    static let filterKeys: Set<String> = ["city", "status"]
    static let searchText: SQL = """
        vanort_fold(concat_ws(' ', r.name, r.notes,
            (SELECT string_agg(c.name, ' ') FROM network_member m JOIN city c ON c.id = m.city_id WHERE m.network_id = r.id)))
        """

    static let identity: SQL? = "vanort_fold(o.name) = vanort_fold(n.name)"

    static func form(_ connection: PostgresConnection, id: Int) throws -> [String: String] {
        try connection.query(SQL(
            """
            SELECT name, status, notes,
                (SELECT string_agg(city_id::text, ',' ORDER BY city_id) FROM network_member WHERE network_id = n.id) AS members
            FROM network n WHERE id = $1
            """, id)).first?.textFields() ?? [:]
    }

    static func save(_ connection: PostgresConnection, _ input: FieldInput, id: Int?, context: StoreContext) throws -> Int {
        let members = try ReferenceResolver(connection: connection, scope: context.scope).resolveList(.city, input.values["members"] ?? "", field: "members")
        let network = try Network(input, memberCityIDs: members)
        let networkID: Int
        if let id {
            try connection.query(SQL(
                "UPDATE network SET name = $2, status = $3, notes = $4, version = version + 1, updated_at = now() WHERE id = $1",
                id, network.name, network.status.rawValue, network.notes))
            // Members no longer listed leave; the others keep the date they joined.
            try connection.query(SQL(
                "DELETE FROM network_member WHERE network_id = $1 AND NOT (city_id = ANY ($2::bigint[]))",
                id, network.memberCityIDs.map(String.init)))
            networkID = id
        } else {
            networkID = try returnedID(connection.query(SQL(
                "INSERT INTO network (name, status, notes) VALUES ($1, $2, $3) RETURNING id",
                network.name, network.status.rawValue, network.notes)))
        }
        for cityID in network.memberCityIDs {
            try connection.query(SQL(
                """
                INSERT INTO network_member (network_id, city_id, joined_on) VALUES ($1, $2, $3)
                ON CONFLICT (network_id, city_id) DO UPDATE SET joined_on = coalesce($3, network_member.joined_on)
                """, networkID, cityID, network.joined?.postgres))
        }
        return networkID
    }

    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        switch key {
        case "city":
            let cityID = try resolver.resolve(.city, value, field: "city")
            sql.append(" AND EXISTS (SELECT 1 FROM network_member m WHERE m.network_id = r.id AND m.city_id = ")
            sql.bind(cityID)
            sql.append(")")
        case "status": sql.andEquals("r.status", value.lowercased())
        default: break
        }
    }
}
