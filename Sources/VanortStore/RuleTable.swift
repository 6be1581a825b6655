import Foundation
import VanortDomain
import VanortPostgres

/// Reminder rules: `rule`. Saving one re-plans its reminders (see `ReminderPlanner`).
enum RuleTable: RecordTable {
    static let noun = Noun.rule
    static let table: SQL = "reminder_rule"
    static let select: SQL = """
        SELECT r.id, r.name, r.event, abs(r.offset_days) AS days,
            CASE WHEN r.offset_days < 0 THEN 'before' ELSE 'after' END AS "when", r.anchor AS "of",
            to_char(r.at_time, 'HH24:MI') AS at, r.timezone, r.recipients, k.name AS contact, r.kinds, r.direction,
            r.every_years AS "every-years", r.note, r.active,
            (SELECT count(*) FROM reminder m WHERE m.rule_id = r.id AND m.state = 'pending') AS pending, r.version
        FROM reminder_rule r LEFT JOIN contact k ON k.id = r.contact_id WHERE true
        """
    static let filterKeys: Set<String> = ["event", "active"]
    static let searchText: SQL = "vanort_fold(concat_ws(' ', r.name, r.event, r.note))"

    static func form(_ connection: PostgresConnection, id: Int) throws -> [String: String] {
        try connection.query(SQL(
            """
            SELECT name, event, abs(offset_days)::text AS days, CASE WHEN offset_days < 0 THEN 'before' ELSE 'after' END AS "when",
                anchor AS "of", to_char(at_time, 'HH24:MI') AS at, timezone, recipients, contact_id::text AS contact,
                array_to_string(kinds, ',') AS kinds, direction, every_years::text AS "every-years", note, active::text AS active
            FROM reminder_rule WHERE id = $1
            """, id)).first?.textFields() ?? [:]
    }

    static func save(_ connection: PostgresConnection, _ input: FieldInput, id: Int?, context: StoreContext) throws -> Int {
        let contactID = try ReferenceResolver(connection: connection, scope: context.scope).optional(.contact, input, "contact")
        let rule = try ReminderRule(input, contactID: contactID)
        let at = String(format: "%02d:%02d", rule.hour, rule.minute)
        guard let id else {
            return try returnedID(connection.query(SQL(
                """
                INSERT INTO reminder_rule (name, event, anchor, offset_days, at_time, timezone, recipients, contact_id, kinds,
                    direction, every_years, note, active)
                VALUES ($1, $2, $3, $4, $5::time, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id
                """, rule.name, rule.event.rawValue, rule.anchor.rawValue, rule.offsetDays, at, rule.timeZone,
                rule.recipients.rawValue, rule.contactID, rule.kinds, rule.direction?.rawValue, rule.everyYears, rule.note,
                rule.active)))
        }
        try connection.query(SQL(
            """
            UPDATE reminder_rule SET name = $2, event = $3, anchor = $4, offset_days = $5, at_time = $6::time, timezone = $7,
                recipients = $8, contact_id = $9, kinds = $10, direction = $11, every_years = $12, note = $13, active = $14,
                version = version + 1, updated_at = now()
            WHERE id = $1
            """, id, rule.name, rule.event.rawValue, rule.anchor.rawValue, rule.offsetDays, at, rule.timeZone,
            rule.recipients.rawValue, rule.contactID, rule.kinds, rule.direction?.rawValue, rule.everyYears, rule.note,
            rule.active))
        return id
    }

    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        switch key {
        case "event": sql.andEquals("r.event", value.lowercased())
        case "active": sql.andEquals("r.active", try FieldInput(["active": value]).optionalBool("active"))
        default: break
        }
    }
}
