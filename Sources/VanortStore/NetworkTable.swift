import VanortDomain
import VanortPostgres

/// Networks: `network`, its SQL derived from `Network.descriptor`; its members live in
/// `network_member`, each with when it joined and left, which only `network member
/// remove` records (listing members on update adds, never drops one silently).
enum NetworkTable: DescribedTable {
    static let noun = Noun.network
    static let descriptor = Network.descriptor

    static let computedColumns: [String: SQL] = [
        "members": """
            ARRAY(SELECT c.name FROM network_member m JOIN city c ON c.id = m.city_id
                  WHERE m.network_id = r.id AND m.left_on IS NULL ORDER BY c.name)
            """,
        "members-joined": """
            ARRAY(SELECT c.name || ' ' || m.joined_on FROM network_member m JOIN city c ON c.id = m.city_id
                  WHERE m.network_id = r.id AND m.left_on IS NULL AND m.joined_on IS NOT NULL ORDER BY c.name)
            """,
        "former-members": """
            ARRAY(SELECT c.name || ' ' || coalesce(m.joined_on::text, '?') || '–' || m.left_on FROM network_member m
                  JOIN city c ON c.id = m.city_id WHERE m.network_id = r.id AND m.left_on IS NOT NULL ORDER BY c.name)
            """,
    ]

    static let linkedForm: [String: SQL] = [
        "members": "(SELECT string_agg(m.city_id::text, ',' ORDER BY m.city_id) FROM network_member m WHERE m.network_id = r.id AND m.left_on IS NULL)"
    ]

    /// The members given join (a current member keeps its own date, a former one joins
    /// again from the new one); on update, a current member left out is refused, since a
    /// leaving is recorded with its date by `network member remove`.
    static func saveLinks(_ values: FieldValues, id: Int, isNew: Bool, on connection: PostgresConnection, context: StoreContext) throws {
        let members = values.ids("members")
        if !isNew {
            let dropped = try connection.query(SQL(
                """
                SELECT c.name FROM network_member m JOIN city c ON c.id = m.city_id
                WHERE m.network_id = $1 AND m.left_on IS NULL AND NOT (m.city_id = ANY ($2::bigint[])) ORDER BY c.name
                """, id, members.map(String.init))).map { try $0.decode(String.self, "name") }
            guard dropped.isEmpty else {
                throw ValidationError(
                    field: "members", value: nil,
                    rule: "would drop \(dropped.joined(separator: ", ")); to record that a member left, use: network member remove --network \(id) --city NAME")
            }
        }
        for cityID in members {
            try connection.query(SQL(
                """
                INSERT INTO network_member (network_id, city_id, joined_on) VALUES ($1, $2, $3)
                ON CONFLICT (network_id, city_id) DO UPDATE
                    SET joined_on = CASE WHEN network_member.left_on IS NULL THEN network_member.joined_on ELSE $3 END, left_on = NULL
                """, id, cityID, values.date("joined")?.postgres))
        }
    }

    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        guard key == "city" else { return try describedFilter(&sql, key: key, value: value, resolver: resolver) }
        let cityID = try resolver.resolve(.city, value, field: "city")
        sql.append(" AND EXISTS (SELECT 1 FROM network_member m WHERE m.network_id = r.id AND m.left_on IS NULL AND m.city_id = ")
        sql.bind(cityID)
        sql.append(")")
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
