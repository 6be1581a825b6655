import VanortDomain
import VanortPostgres

/// Reminder rules: `reminder_rule`, its SQL derived from `Rule.descriptor`. Saving one
/// re-plans its reminders (see `ReminderPlanner`); `pending` counts what it has planned.
enum RuleTable: DescribedTable {
    static let noun = Noun.rule
    static let descriptor = Rule.descriptor
    static let computedColumns: [String: SQL] = [
        "pending": "(SELECT count(*) FROM reminder m WHERE m.rule_id = r.id AND m.state = 'pending')"
    ]
}
