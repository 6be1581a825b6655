import Foundation
import VanortDomain
import VanortPostgres

/// What the `reminder` commands read and change.
extension ReminderStore {
    /// A reminder as the commands show it, read from `rows` (`reminder`, or the rows a
    /// statement of the same query returned) named `m`.
    /// `unlinked`: the rows are about no event, from no rule, to no contact (a note added
    /// just now), so the joins are left out; they would find nothing, and setting up the
    /// event join (a union of every event kind) was a fifth of the server's time for a
    /// `reminder add` (perf).
    static func listing(of rows: SQL = "reminder", unlinked: Bool = false) -> SQL {
        var sql: SQL = unlinked
            ? """
                SELECT m.id, m.due_at, m.state, NULL::text AS rule, NULL::text AS about, NULL::text AS title, m.note,
                    NULL::text AS "to", m.attempts, m.next_attempt_at, m.sent_at, m.late_seconds, m.redelivery, m.last_error, m.version
                FROM 
                """
            : """
                SELECT m.id, m.due_at, m.state, g.name AS rule, m.about_kind || ':' || m.about_id AS about, e.title, m.note,
                    k.name AS "to", m.attempts, m.next_attempt_at, m.sent_at, m.late_seconds, m.redelivery, m.last_error, m.version
                FROM 
                """
        sql.append(rows)
        sql.append(unlinked ? " m WHERE true" : """
             m LEFT JOIN reminder_rule g ON g.id = m.rule_id
                LEFT JOIN reminder_event e ON e.about_kind = m.about_kind AND e.about_id = m.about_id
                LEFT JOIN contact k ON k.id = m.contact_id
            WHERE true
            """)
        return sql
    }

    /// Reminders by due time, filtered by `state`, `due-before` (a date or time, in the home
    /// zone unless it names one), `about` (`visit:12`) and `rule`; at most `limit`.
    public func list(filters: [String: String], limit: Int) async throws -> Records {
        let context = self.context
        return try await Records(pool.withConnection { connection in
            let input = FieldInput(filters)
            var sql = Self.listing()
            if let state = try input.optionalChoice("state", ReminderState.self) { sql.andEquals("m.state", state.rawValue) }
            if let before = try context.instant(input, "due-before", date: .startOfDay, on: connection) {
                sql.append(" AND m.due_at < ")
                sql.bind(before)
            }
            if let about = try input.optionalText("about") {
                let (kind, id) = try Self.about(about, connection: connection)
                sql.andEquals("m.about_kind", kind)
                sql.andEquals("m.about_id", id)
            }
            if let rule = try input.optionalText("rule") {
                sql.andEquals("m.rule_id", try ReferenceResolver(connection: connection).resolve(.rule, rule, field: "rule"))
            }
            sql.append(" ORDER BY m.due_at, m.id LIMIT ")
            sql.bind(limit)
            return try connection.query(sql)
        })
    }

    public func show(_ id: Int) async throws -> Records {
        try await Records(pool.withConnection { connection in try Self.row(id, on: connection) })
    }

    /// Every delivery attempt of one reminder, oldest first.
    public func deliveries(_ id: Int) async throws -> Records {
        try await Records(pool.withConnection { connection in
            _ = try Self.row(id, on: connection)
            return try connection.query(SQL(
                """
                SELECT id, attempt, channel, recipient, attempted_at, late_seconds, result, error, daemon
                FROM delivery WHERE reminder_id = $1 ORDER BY id
                """, id))
        })
    }

    /// An ad-hoc reminder: `at` (required, not in the past), `about` (`visit:12`), `note`,
    /// `to` (a contact; default the event's responsible contact, else all staff), `timezone`.
    public func add(_ fields: [String: String]) async throws -> Records {
        do {
            return try await add(fields, zoneChecked: true)
        } catch PostgresError.server(let error) where error.sqlState == Self.homeZoneMoved {
            // The home city keeps another zone than last seen: read it (the memo learns it)
            // and read the time again, unchecked this once.
            return try await add(fields, zoneChecked: false)
        }
    }

    /// `vanort_check_due`'s refusals: the guessed home zone is not the register's; the
    /// instant is more than a minute past.
    private static let homeZoneMoved = "VZ001"
    private static let duePast = "VZ002"

    /// One transaction of `add`, a single round trip when the home zone is the one
    /// remembered (`zoneChecked`): the check, the insert with its read-back, the audit
    /// entry and COMMIT go together. Otherwise the zone is read first.
    private func add(_ fields: [String: String], zoneChecked: Bool) async throws -> Records {
        let context = self.context
        return try await Records(pool.transaction(about: "reminder") { connection in
            let input = FieldInput(fields)
            let typedZone = try input.optionalText("timezone") != nil
            let home = typedZone ? nil : (zoneChecked ? context.homeZone.current : nil)
            let zone = typedZone ? nil : try home?.zone ?? ReminderPlanner(connection: connection, context: context).homeZone()
            guard let at = try context.instant(input, "at", date: .timeOfDay(hour: 9, minute: 0), home: zone, on: connection) else {
                throw ValidationError(field: "at", value: nil, rule: "is required")
            }
            let about = try input.optionalText("about").map { try Self.about($0, connection: connection) }
            let note = try input.optionalText("note", maxLength: 2000)
            guard about != nil || note != nil else {
                throw ValidationError(field: "note", value: nil, rule: "is required when the reminder is about nothing (no about)")
            }
            let contact = try ReferenceResolver(connection: connection).optional(.contact, input, "to")
            try connection.sendAhead(SQL(
                "SELECT vanort_check_due($1, $2, $3, $4)", at, context.homeCity, home?.name, ReminderPlanner.fallbackZone.identifier))
            // Added and read back in one statement: the query reads the row the insert returns.
            var sql = SQL(
                """
                WITH added AS (
                    INSERT INTO reminder (about_kind, about_id, due_at, next_attempt_at, note, contact_id)
                    VALUES ($1, $2, $3, $3, $4, $5) RETURNING *)
                """, about?.kind, about?.id, at, note, contact)
            sql.append(Self.listing(of: "added", unlinked: about == nil && contact == nil))
            do {
                return try connection.queryCommitting(sql)
            } catch PostgresError.server(let error) where error.sqlState == Self.duePast {
                throw ValidationError(field: "at", value: fields["at"], key: "rule.past")
            }
        })
    }

    /// Marks a sent or failed reminder as dealt with.
    public func ack(_ id: Int) async throws -> Records {
        try await Records(change(id, action: "acknowledged", allowed: [.sent, .failed], SQL(
            "UPDATE reminder SET state = 'acked', version = version + 1, updated_at = now() WHERE id = $1", id)))
    }

    /// Stops a pending reminder from firing.
    public func cancel(_ id: Int) async throws -> Records {
        try await Records(change(id, action: "cancelled", allowed: [.pending], SQL(
            """
            UPDATE reminder SET state = 'cancelled', claimed_by = NULL, lease_until = NULL, version = version + 1,
                updated_at = now()
            WHERE id = $1
            """, id)))
    }

    /// Fires the reminder again at `until` (every channel afresh).
    public func snooze(_ id: Int, until text: String, timezone: String? = nil) async throws -> Records {
        let context = self.context
        let until = try await pool.withConnection { connection -> Date in
            var fields = ["until": text]
            fields["timezone"] = timezone
            let input = FieldInput(fields)
            // A bare date: the reminder's rule's time of day (09:00 for one without a rule).
            let time = try connection.query(SQL(
                """
                SELECT extract(hour FROM g.at_time)::int AS hour, extract(minute FROM g.at_time)::int AS minute
                FROM reminder m LEFT JOIN reminder_rule g ON g.id = m.rule_id WHERE m.id = $1
                """, id)).first
            let hour = try time?.decodeIfPresent(Int.self, "hour") ?? 9
            let minute = try time?.decodeIfPresent(Int.self, "minute") ?? 0
            guard let until = try context.instant(input, "until", date: .timeOfDay(hour: hour, minute: minute), on: connection) else {
                throw ValidationError(field: "until", value: nil, rule: "is required")
            }
            let now = try connection.query("SELECT now() AS now").first?.decode(Date.self, "now") ?? Date()
            guard until > now else { throw ValidationError(field: "until", value: text, rule: "must be in the future") }
            return until
        }
        return try await Records(change(id, action: "snoozed", allowed: [.pending, .sent, .failed, .acked], SQL(
            """
            UPDATE reminder SET state = 'pending', next_attempt_at = $2, attempts = 0, done_channels = '{}',
                late_seconds = NULL, last_error = NULL, sent_at = NULL, claimed_by = NULL, lease_until = NULL,
                redelivery = false, version = version + 1, updated_at = now()
            WHERE id = $1
            """, id, until)))
    }

    /// What will fire within `days` days, with its subject and recipients as delivery will
    /// see them.
    public func preview(days: Int, limit: Int) async throws -> [(reminder: DueReminder, state: ReminderState)] {
        let context = self.context
        return try await pool.withConnection { connection in
            // Pending ones due within the window; and ones already sent (at short notice, or
            // on time) about an occasion still ahead within it, so that what staff were told
            // of, such as a jubilee announced at once, stays in view until it has happened.
            let rows = try connection.query(SQL(
                """
                SELECT m.id, m.state FROM reminder m LEFT JOIN reminder_rule r ON r.id = m.rule_id
                WHERE (m.state = 'pending' AND m.next_attempt_at < now() + make_interval(days => $1))
                   OR (m.state IN ('sent', 'acked') AND r.offset_days < 0
                       AND m.due_at - make_interval(days => r.offset_days) >= date_trunc('day', now())
                       AND m.due_at - make_interval(days => r.offset_days) < now() + make_interval(days => $1))
                ORDER BY m.next_attempt_at, m.id LIMIT $2
                """, days, limit))
            var states: [Int: ReminderState] = [:]
            for row in rows {
                states[try row.decode(Int.self, "id")] = ReminderState(rawValue: try row.decode(String.self, "state")) ?? .pending
            }
            let ids = try rows.map { try $0.decode(Int.self, "id") }
            return try ReminderDetails(connection: connection, context: context).load(ids: ids).map { ($0, states[$0.id] ?? .pending) }
        }
    }

    private func change(_ id: Int, action: String, allowed: Set<ReminderState>, _ update: SQL) async throws -> PostgresRows {
        try await pool.transaction(about: "reminder") { connection in
            let state = try connection.query(SQL("SELECT state FROM reminder WHERE id = $1 FOR UPDATE", id))
                .first?.decode(String.self, "state")
            guard let state else { throw StoreError.notFound(noun: "reminder", reference: String(id)) }
            guard let current = ReminderState(rawValue: state), allowed.contains(current) else {
                throw StoreError.wrongState(noun: "reminder", id: id, state: state, action: action)
            }
            try connection.query(update)
            return try Self.row(id, on: connection)
        }
    }

    private static func row(_ id: Int, on connection: PostgresConnection) throws -> PostgresRows {
        var sql = listing()
        sql.andEquals("m.id", id)
        let rows = try connection.query(sql)
        guard rows.count == 1 else { throw StoreError.notFound(noun: "reminder", reference: String(id)) }
        return rows
    }

    /// `visit:12`, `exchange:3`, `grant:1`: an existing record of a noun that reminders are about.
    private static func about(_ text: String, connection: PostgresConnection) throws -> (kind: String, id: Int) {
        let parts = text.split(separator: ":")
        let kinds = ReminderEvent.allCases.map(\.aboutKind).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        guard parts.count == 2, kinds.contains(parts[0].lowercased()), let noun = Noun(rawValue: parts[0].lowercased()), let id = Int(parts[1]) else {
            throw ValidationError(field: "about", value: text, rule: "must be " + kinds.map { "\($0):ID" }.joined(separator: ", "))
        }
        guard try ReferenceResolver(connection: connection).exists(noun, id: id) else {
            throw ValidationError(field: "about", value: text, rule: "no such \(noun.rawValue)")
        }
        return (noun.rawValue, id)
    }

    /// A time field in the `timezone` field's zone, else the home city's. A bare date means
    /// the start of that day.
}
