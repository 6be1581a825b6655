import VanortDomain
import VanortPostgres

/// Action-plan activities: `activity`, all of its SQL derived from `Activity.descriptor`.
/// Only the office reads and writes them.
enum ActivityTable: DescribedTable {
    static let noun = Noun.activity
    static let descriptor = Activity.descriptor
}
