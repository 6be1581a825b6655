import Foundation
import Synchronization

/// The home city's time zone as the store last read it, so a write can read a typed time
/// without asking first and have the database check the guess as it writes
/// (`vanort_check_due`); a wrong guess costs one repeated transaction, never a wrong
/// instant. Guarded by its own lock; starts at the fallback zone.
final class HomeZoneMemo: Sendable {
    /// The zone as the register spells it (what the check compares), and as Foundation reads it.
    struct Kept: Sendable {
        var name: String
        var zone: TimeZone
    }

    private let kept = Mutex(Kept(name: ReminderPlanner.fallbackZone.identifier, zone: ReminderPlanner.fallbackZone))

    /// The zone last seen.
    var current: Kept { kept.withLock { $0 } }

    /// Notes the zone the register holds now.
    func remember(_ latest: Kept) {
        kept.withLock { $0 = latest }
    }
}
