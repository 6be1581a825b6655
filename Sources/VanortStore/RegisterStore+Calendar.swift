import Foundation
import VanortDomain
import VanortPostgres

extension RegisterStore {
    /// Visits and exchanges that overlap the next `days` days (from the database's today),
    /// optionally of one city or association, within `scope`, as calendar events whose
    /// words are `language`'s.
    public func calendarEvents(
        days: Int, filters: [String: String], scope: RecordScope = .everything, language: Language = .en
    ) async throws -> [CalendarEvent] {
        let owner: Int? = if case .association(let id) = scope { id } else { nil }
        let home = context.homeCity
        return try await pool.withConnection { connection in
            let resolver = ReferenceResolver(connection: connection, scope: scope)
            let input = FieldInput(filters)
            let city = try resolver.optional(.city, input, "city")
            let association = try resolver.optional(.association, input, "association")
            let rows = try connection.query(SQL(
                """
                SELECT 'visit' AS type, r.id, r.from_date, r.to_date, c.name AS city, c.country, r.direction, r.kind,
                    NULL::text AS title, r.purpose, a.name AS association, r.participants, r.status, r.version, r.updated_at
                FROM visit r JOIN city c ON c.id = r.city_id LEFT JOIN association a ON a.id = r.association_id
                WHERE r.to_date >= current_date AND r.from_date <= current_date + $1::integer
                    AND ($2::bigint IS NULL OR r.city_id = $2) AND ($3::bigint IS NULL OR r.association_id = $3)
                    AND ($4::bigint IS NULL OR r.association_id = $4)
                UNION ALL
                SELECT 'exchange', r.id, r.from_date, r.to_date, c.name, c.country, r.direction, r.kind,
                    r.title, NULL, a.name, r.participants, r.status, r.version, r.updated_at
                FROM exchange r JOIN city c ON c.id = r.city_id LEFT JOIN association a ON a.id = r.association_id
                WHERE r.to_date >= current_date AND r.from_date <= current_date + $1::integer
                    AND ($2::bigint IS NULL OR r.city_id = $2) AND ($3::bigint IS NULL OR r.association_id = $3)
                    AND ($4::bigint IS NULL OR r.association_id = $4)
                ORDER BY 3, 1 DESC, 2
                """, days, city, association, owner).plannedForEachRun())
            return try rows.map { try Self.calendarEvent($0, home: home, language: language) }
        }
    }

    private static func calendarEvent(_ row: PostgresRow, home: String, language: Language) throws -> CalendarEvent {
        let type = try row.decode(String.self, "type")
        let id = try row.decode(Int.self, "id")
        let city = try row.decode(String.self, "city")
        let direction = try row.decode(String.self, "direction")
        let kind = try row.decode(String.self, "kind")
        let from = try row.decode(PostgresDate.self, "from_date")
        let to = try row.decode(PostgresDate.self, "to_date")
        guard let first = CalendarDate(year: from.year, month: from.month, day: from.day),
            let last = CalendarDate(year: to.year, month: to.month, day: to.day)
        else { throw PostgresError.decoding(column: "from_date", value: nil, expected: "a date") }
        // "Outgoing study visit: Kecskemét", "Utgående studiebesök: Kecskemét".
        let words = Catalogue.words("\(direction) \(kind)", language)
        let summary = try row.decodeIfPresent(String.self, "title") ?? "\(words.prefix(1).uppercased() + words.dropFirst()): \(city)"
        var details: [String] = []
        func detail(_ key: String, _ value: String) { details.append(Catalogue.text("calendar.\(key)", language, ["value": value])) }
        if let purpose = try row.decodeIfPresent(String.self, "purpose") { details.append(purpose) }
        if let association = try row.decodeIfPresent(String.self, "association") { detail("organiser", association) }
        if let participants = try row.decodeIfPresent(Int.self, "participants") { detail("participants", String(participants)) }
        let status = try row.decode(String.self, "status")
        detail("status", Catalogue.word(status, language))
        return CalendarEvent(
            uid: CalendarEvent.uid(type: type, id: id, home: home), first: first, last: last, summary: summary,
            location: "\(city), \(try row.decode(String.self, "country"))", description: details.joined(separator: "\n"),
            status: CalendarEvent.status(for: status), categories: [type, kind], sequence: try row.decode(Int.self, "version"),
            lastModified: try row.decodeIfPresent(Date.self, "updated_at"))
    }
}
