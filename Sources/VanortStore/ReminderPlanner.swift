import Foundation
import VanortDomain
import VanortPostgres

/// Keeps an event's reminders in step with its rules, inside the transaction that
/// changed the event or the rule.
///
/// For each rule the wanted due times are computed by the domain (`ReminderRule.dueTimes`:
/// on time, short notice or overdue; see there). A pending reminder whose time is no longer wanted moves to a wanted one
/// (keeping its id) or is cancelled; a wanted time without a reminder gets one. The
/// database's `reminder_once` constraint makes each (rule, event, due time) unique.
struct ReminderPlanner {
    let connection: PostgresConnection
    let context: StoreContext

    /// Re-plans the reminders of one event of the register; `isNew` (just inserted) means
    /// it has none yet, which spares reading them.
    func plan(_ noun: Noun, id: Int, isNew: Bool = false) throws {
        guard let aboutKind = Self.aboutKind(noun) else { return }
        let (now, zone) = try clock()
        var occasions: [ReminderEvent: ReminderOccasion?] = [:]
        var wanted: [Int: [Date]] = [:]
        for rule in try rules(.about(aboutKind)) {
            let event = rule.rule.event
            let occasion = try occasions[event] ?? self.occasion(event, id: id)
            occasions[event] = occasion
            wanted[rule.id] = occasion.map { rule.rule.dueTimes(for: $0, zone: rule.zone ?? zone, after: now) } ?? []
        }
        try reconcile(aboutKind: aboutKind, aboutID: id, wanted: wanted, now: now, isNew: isNew)
    }

    /// Re-plans every event a rule is about (after the rule was added or changed). A new
    /// rule reaches events still ahead (at short notice if its lead time passed) and recent
    /// overdue ones; nothing older.
    func planRule(id ruleID: Int) throws {
        let (now, zone) = try clock()
        guard let rule = try rules(.id(ruleID)).first else { return }
        let aboutKind = rule.rule.event.aboutKind
        let ids = try connection.query(SQL(
            """
            SELECT id FROM visit WHERE $1 = 'visit' AND to_date >= current_date - 3660
            UNION ALL SELECT id FROM exchange WHERE $1 = 'exchange' AND to_date >= current_date - 3660
            UNION ALL SELECT id FROM activity WHERE $1 = 'activity' AND due_on >= current_date - 3660
            UNION ALL SELECT id FROM agreement WHERE $1 = 'agreement'
            UNION ALL SELECT id FROM grant_application WHERE $1 = 'grant'
            UNION ALL SELECT about_id FROM reminder WHERE rule_id = $2 AND state = 'pending'
            """, aboutKind, ruleID)).map { try $0.decode(Int.self, "id") }
        for id in Set(ids).sorted() {
            let wanted = try occasion(rule.rule.event, id: id).map { rule.rule.dueTimes(for: $0, zone: rule.zone ?? zone, after: now) } ?? []
            try reconcile(aboutKind: aboutKind, aboutID: id, wanted: [ruleID: wanted], now: now)
        }
    }

    /// Re-plans every rule that keeps the home city's time (no zone of its own), after the
    /// home city's zone changed: their wall-clock times now fall on other instants.
    func planHomeZoneRules() throws {
        let ids = try connection.query("SELECT id FROM reminder_rule WHERE timezone IS NULL ORDER BY id")
            .map { try $0.decode(Int.self, "id") }
        for id in ids {
            try planRule(id: id)
        }
    }

    /// Cancels the pending reminders of an event that is being deleted.
    func cancel(_ noun: Noun, id: Int) throws {
        if noun == .rule {
            try connection.query(SQL(
                "UPDATE reminder SET state = 'cancelled', updated_at = now() WHERE rule_id = $1 AND state = 'pending'", id))
            return
        }
        guard let aboutKind = Self.aboutKind(noun) else { return }
        try connection.query(SQL(
            """
            UPDATE reminder SET state = 'cancelled', updated_at = now()
            WHERE about_kind = $1 AND about_id = $2 AND state = 'pending'
            """, aboutKind, id))
    }

    static func aboutKind(_ noun: Noun) -> String? {
        switch noun {
        case .visit: "visit"
        case .exchange: "exchange"
        case .agreement: "agreement"
        case .activity: "activity"
        case .grant: "grant"
        default: nil
        }
    }

    /// Brings one event's reminders in line with the wanted due times of each rule (by rule
    /// id), as `ReminderPlan` decides: one read of what exists (none for a new event), one
    /// insert for every new reminder, and an update only for a reminder that moves, comes
    /// back or is cancelled.
    private func reconcile(aboutKind: String, aboutID: Int, wanted: [Int: [Date]], now: Date, isNew: Bool = false) throws {
        guard !wanted.isEmpty else { return }
        let existing = isNew ? PostgresRows(columns: [], values: [], affectedRows: 0) : try connection.query(SQL(
            """
            SELECT id, rule_id, due_at, state FROM reminder
            WHERE about_kind = $1 AND about_id = $2 AND rule_id = ANY($3::bigint[]) ORDER BY due_at
            """, aboutKind, aboutID, wanted.keys.sorted().map(String.init)).plannedForEachRun())
        let reminders = try existing.map { row in
            guard let state = ReminderState(rawValue: try row.decode(String.self, "state")) else {
                throw PostgresError.decoding(column: "state", value: try row.text("state"), expected: "a reminder state")
            }
            return ReminderPlan.Existing(
                id: try row.decode(Int.self, "id"), ruleID: try row.decode(Int.self, "rule_id"), dueAt: try row.decode(Date.self, "due_at"),
                state: state)
        }
        var newRules: [String] = [], newTimes: [String] = []
        for change in ReminderPlan(now: now, existing: reminders, wanted: wanted).changes {
            switch change {
            case .revive(let id):
                try connection.query(SQL(
                    """
                    UPDATE reminder SET state = 'pending', next_attempt_at = due_at, attempts = 0, done_channels = '{}',
                        last_error = NULL, version = version + 1, updated_at = now()
                    WHERE id = $1
                    """, id))
            case .move(let id, let time):
                try connection.query(SQL(
                    """
                    UPDATE reminder SET due_at = $2, next_attempt_at = $2, attempts = 0, version = version + 1, updated_at = now()
                    WHERE id = $1
                    """, id, time))
            case .cancel(let id):
                try connection.query(SQL(
                    "UPDATE reminder SET state = 'cancelled', version = version + 1, updated_at = now() WHERE id = $1", id))
            case .insert(let ruleID, let time):
                newRules.append(String(ruleID))
                newTimes.append(time.postgresText)
            }
        }
        guard !newRules.isEmpty else { return }
        try connection.query(SQL(
            """
            INSERT INTO reminder (rule_id, about_kind, about_id, due_at, next_attempt_at)
            SELECT n.rule_id, $1, $2, n.due_at, n.due_at
            FROM unnest($3::bigint[], $4::timestamptz[]) AS n(rule_id, due_at)
            """, aboutKind, aboutID, newRules, newTimes))
    }

    /// A rule as the domain reads it, with its id and its own zone if it has one.
    private struct StoredRule {
        var id: Int
        var rule: ReminderRule
        var zone: TimeZone?
    }

    private enum RuleSelection {
        /// The active rules for one kind of record.
        case about(String)
        case id(Int)
    }

    private func rules(_ selection: RuleSelection) throws -> [StoredRule] {
        var sql = RuleTable.formSelect()
        switch selection {
        case .about(let aboutKind):
            sql.append(" WHERE r.active AND r.event = ANY(")
            sql.bind(ReminderEvent.allCases.filter { $0.aboutKind == aboutKind }.map(\.rawValue))
            sql.append(") ORDER BY r.id")
        case .id(let id):
            sql.append(" WHERE r.id = ")
            sql.bind(id)
        }
        return try connection.query(sql).map { row in
            let rule = try ReminderRule(RuleTable.descriptor.read(FieldInput(row.textFields())))
            return StoredRule(id: try row.decode(Int.self, "id"), rule: rule, zone: rule.timeZone.flatMap(TimeZone.init(identifier:)))
        }
    }

    /// What the rules of one kind of event need to know about one record; nil when it
    /// does not exist.
    private func occasion(_ event: ReminderEvent, id: Int) throws -> ReminderOccasion? {
        let sql: SQL = switch event {
        case .visit:
            SQL("SELECT from_date, to_date, kind, direction, status = 'cancelled' AS cancelled, reported FROM visit WHERE id = $1", id)
        case .exchange:
            SQL("SELECT from_date, to_date, kind, direction, status = 'cancelled' AS cancelled FROM exchange WHERE id = $1", id)
        case .activity:
            SQL("SELECT due_on AS due, status <> 'open' AS cancelled FROM activity WHERE id = $1", id)
        // The decision is awaited while the grant is a draft or applied for; the report is
        // owed once granted, until it is reported.
        case .grantDecision:
            SQL("SELECT decision_due AS due, status NOT IN ('draft', 'applied') AS cancelled FROM grant_application WHERE id = $1", id)
        case .grantReport:
            SQL("SELECT reporting_due AS due, status <> 'granted' AS cancelled FROM grant_application WHERE id = $1", id)
        case .agreementReview, .agreementAnniversary:
            SQL(
                """
                SELECT review_due AS due, kind, since_year, signed_on,
                    -- Only a live agreement has reviews and anniversaries ahead of it.
                    status <> 'active' OR coalesce(until_year < extract(year FROM now()), false) AS cancelled
                FROM agreement WHERE id = $1
                """, id)
        }
        guard let row = try connection.query(sql).first else { return nil }
        func date(_ column: String) throws -> CalendarDate? {
            guard row.columns.contains(column), let value = try row.decodeIfPresent(PostgresDate.self, column) else { return nil }
            return CalendarDate(year: value.year, month: value.month, day: value.day)
        }
        func text(_ column: String) throws -> String? {
            row.columns.contains(column) ? try row.decodeIfPresent(String.self, column) : nil
        }
        return ReminderOccasion(
            start: try date("from_date"), end: try date("to_date"), due: try date("due"), kind: try text("kind"),
            direction: try text("direction"), cancelled: try row.decode(Bool.self, "cancelled"),
            reported: row.columns.contains("reported") ? try row.decode(Bool.self, "reported") : false,
            sinceYear: try text("since_year").flatMap { Int($0) }, signed: try date("signed_on"))
    }

    /// The database's now and the home city's zone (Europe/Stockholm when the home city is
    /// not in the register), in one round trip.
    func clock() throws -> (now: Date, zone: TimeZone) {
        let row = try connection.query(SQL(
            "SELECT now() AS now, (SELECT timezone FROM city WHERE name = $1 ORDER BY id LIMIT 1) AS zone", context.homeCity)).first
        let name = try row?.decodeIfPresent(String.self, "zone") ?? Self.fallbackZone.identifier
        let zone = TimeZone(identifier: name) ?? Self.fallbackZone
        context.homeZone.remember(.init(name: name, zone: zone))
        return (try row?.decode(Date.self, "now") ?? Date(), zone)
    }

    /// The home city's zone; Europe/Stockholm when the home city is not in the register.
    func homeZone() throws -> TimeZone {
        try clock().zone
    }

    /// Today in the home municipality, by the database's clock.
    func today() throws -> CalendarDate {
        let (now, zone) = try clock()
        return CalendarDate(instant: now, zone: zone)
    }

    static let fallbackZone = TimeZone(identifier: "Europe/Stockholm") ?? .gmt
}
