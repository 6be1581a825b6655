import VanortDomain
import VanortPostgres

/// Networks and their member cities: `network`, `network_member`.
enum NetworkTable: RecordTable {
    static let noun = Noun.network
    static let table: SQL = "network"
    static let select: SQL = """
        SELECT r.id, r.name, r.status,
            ARRAY(SELECT c.name FROM network_member m JOIN city c ON c.id = m.city_id
                  WHERE m.network_id = r.id AND m.left_on IS NULL ORDER BY c.name) AS members,
            ARRAY(SELECT c.name || ' ' || m.joined_on FROM network_member m JOIN city c ON c.id = m.city_id
                  WHERE m.network_id = r.id AND m.left_on IS NULL AND m.joined_on IS NOT NULL ORDER BY c.name) AS members_joined,
            ARRAY(SELECT c.name || ' ' || coalesce(m.joined_on::text, '?') || '–' || m.left_on FROM network_member m
                  JOIN city c ON c.id = m.city_id WHERE m.network_id = r.id AND m.left_on IS NOT NULL ORDER BY c.name) AS former_members,
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
                (SELECT string_agg(city_id::text, ',' ORDER BY city_id) FROM network_member
                 WHERE network_id = n.id AND left_on IS NULL) AS members
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
            // Listing members adds; it never drops one silently (`network member remove` records a leaving).
            let dropped = try connection.query(SQL(
                """
                SELECT c.name FROM network_member m JOIN city c ON c.id = m.city_id
                WHERE m.network_id = $1 AND m.left_on IS NULL AND NOT (m.city_id = ANY ($2::bigint[])) ORDER BY c.name
                """, id, network.memberCityIDs.map(String.init))).map { try $0.decode(String.self, "name") }
            guard dropped.isEmpty else {
                throw ValidationError(
                    field: "members", value: nil,
                    rule: "would drop \(dropped.joined(separator: ", ")); to record that a member left, use: network member remove --network \(id) --city NAME")
            }
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
                ON CONFLICT (network_id, city_id) DO UPDATE
                    -- A current member keeps its own date; a former one joins again from the new one.
                    SET joined_on = CASE WHEN network_member.left_on IS NULL THEN network_member.joined_on ELSE $3 END, left_on = NULL
                """, networkID, cityID, network.joined?.postgres))
        }
        return networkID
    }

    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        switch key {
        case "city":
            let cityID = try resolver.resolve(.city, value, field: "city")
            sql.append(" AND EXISTS (SELECT 1 FROM network_member m WHERE m.network_id = r.id AND m.left_on IS NULL AND m.city_id = ")
            sql.bind(cityID)
            sql.append(")")
        case "status": sql.andEquals("r.status", value.lowercased())
        default: break
        }
    }

    /// `network member add`: `cityID` joins (or joins again) on `joined`; a current
    /// member's joined date is corrected when one is given.
    static func addMember(_ connection: PostgresConnection, networkID: Int, cityID: Int, joined: CalendarDate?, names: (network: String, city: String)) throws {
        let current = try connection.query(SQL(
            "SELECT joined_on::text AS joined, left_on IS NULL AS current FROM network_member WHERE network_id = $1 AND city_id = $2",
            networkID, cityID)).first
        if try current?.decode(Bool.self, "current") == true, joined == nil {
            let since = try current?.text("joined").map { " since \($0)" } ?? ""
            throw StoreError.duplicate(noun: "member", existing: "\(names.city), a member of \(names.network)\(since)", bypass: "give --joined DATE to correct the date it joined")
        }
        try connection.query(SQL(
            """
            INSERT INTO network_member (network_id, city_id, joined_on) VALUES ($1, $2, $3)
            ON CONFLICT (network_id, city_id) DO UPDATE SET joined_on = $3, left_on = NULL
            """, networkID, cityID, joined?.postgres))
    }

    /// `network member remove`: the member leaves on `left`; the membership stays on record.
    static func removeMember(_ connection: PostgresConnection, networkID: Int, cityID: Int, left: CalendarDate, names: (network: String, city: String)) throws {
        let row = try connection.query(SQL(
            "SELECT joined_on FROM network_member WHERE network_id = $1 AND city_id = $2 AND left_on IS NULL", networkID, cityID)).first
        guard let row else {
            throw StoreError.notFound(noun: "member of \(names.network)", reference: names.city)
        }
        if let joined = try row.decodeIfPresent(PostgresDate.self, "joined_on"),
            let day = CalendarDate(year: joined.year, month: joined.month, day: joined.day), left < day {
            throw ValidationError(field: "left", value: left.description, rule: "is before \(names.city) joined (\(day))")
        }
        try connection.query(SQL(
            "UPDATE network_member SET left_on = $3 WHERE network_id = $1 AND city_id = $2", networkID, cityID, left.postgres))
    }
}
