import VanortPostgres

/// A register of realistic shape, written straight into a migrated database: partner cities,
/// associations, ten years of visits and exchanges around today, and pending reminders at
/// 09:00 on the coming days (so every morning is a burst).
struct DataGenerator {
    let visits: Int
    let exchanges: Int

    func fill(_ connection: PostgresConnection) throws {
        try connection.query(
            """
            INSERT INTO city (name, country, timezone, population)
            SELECT 'Partner ' || g, (ARRAY['SE','HU','LT','US','CN','ZM','NL','DE'])[1 + g % 8],
                (ARRAY['Europe/Stockholm','Europe/Budapest','Europe/Vilnius','America/Chicago','Asia/Shanghai',
                       'Africa/Lusaka','Europe/Amsterdam','Europe/Berlin'])[1 + g % 8], 10000 + g * 997
            FROM generate_series(1, 50) g
            """)
        try connection.query(
            """
            INSERT INTO association (name, kind, city_id)
            SELECT 'Friendship association ' || g, 'friendship-association', 1 + g % 50 FROM generate_series(1, 200) g
            """)
        try Self.addVisits(upTo: visits, connection)
        try connection.query(SQL(
            """
            INSERT INTO exchange (title, kind, city_id, direction, from_date, to_date, association_id, participants, leaders, status)
            SELECT 'Generated exchange ' || g, (ARRAY['youth','student','trainee'])[1 + g % 3], 1 + g % 50,
                (ARRAY['incoming','outgoing'])[1 + g % 2], d, d + 7, 1 + g % 200, 5 + g % 25, 1 + g % 4,
                CASE WHEN d < current_date THEN 'done' ELSE 'planned' END
            FROM generate_series(1, $1::integer) g, LATERAL (SELECT current_date - 3285 + (g * 4391 % 4380) AS d) day
            """, exchanges))
        try connection.query("ANALYZE")
    }

    /// Adds visits until there are `count`: spread over ten years, a quarter of them still to
    /// come; each lasts one to seven days.
    static func addVisits(upTo count: Int, _ connection: PostgresConnection) throws {
        let existing = try connection.query("SELECT count(*) AS n FROM visit").first?.decode(Int.self, "n") ?? 0
        guard count > existing else { return }
        try connection.query(SQL(
            """
            INSERT INTO visit (direction, kind, city_id, from_date, to_date, association_id, participants, purpose, status, reported)
            SELECT (ARRAY['incoming','outgoing'])[1 + g % 2], (ARRAY['political','study','business','association','school','culture'])[1 + g % 6],
                1 + g % 50, d, d + (g % 7), 1 + g % 200, 2 + g % 30, 'Generated visit ' || g,
                CASE WHEN d < current_date THEN 'done' ELSE 'planned' END, d < current_date
            FROM generate_series($1::integer, $2::integer) g, LATERAL (SELECT current_date - 3285 + (g::bigint * 4381 % 4380)::integer AS d) day
            """, existing + 1, count))
        try connection.query("ANALYZE visit")
    }

    /// Adds pending reminders about visits until `count` are pending: each at 09:00 Swedish
    /// time on one of the next ten years' days, so each morning holds a few hundred at once.
    static func addPendingReminders(upTo count: Int, _ connection: PostgresConnection) throws {
        let existing = try connection.query("SELECT count(*) AS n FROM reminder WHERE state = 'pending'").first?.decode(Int.self, "n") ?? 0
        guard count > existing else { return }
        try connection.query(SQL(
            """
            INSERT INTO reminder (about_kind, about_id, due_at, next_attempt_at)
            SELECT 'visit', 1 + g % (SELECT count(*) FROM visit), d, d
            FROM generate_series($1::integer, $2::integer) g,
                LATERAL (SELECT ((current_date + 1 + g % 3650) + time '09:00') AT TIME ZONE 'Europe/Stockholm' AS d) due
            """, existing + 1, count))
        try connection.query("ANALYZE reminder")
    }
}
