import Foundation

/// What must change for one event's reminders to match what its rules want: the planner's
/// decision, as a pure function of what exists and what is wanted, so it is tested without
/// a database (`ReminderPlanTests`). The store carries the changes out.
///
/// A pending reminder at a time no longer wanted moves to a wanted time that has none
/// (keeping its id, so acknowledgements and logs still name it), else it is cancelled. A
/// cancelled one at a wanted time comes back. Sent, acknowledged and failed ones stay as
/// they are: what was delivered is history. A wanted time with no reminder gets a new one,
/// except a time already past (short notice, or an overdue deadline) when the rule delivered
/// a reminder for this event less than a cadence before it: an imminent visit whose dates
/// are edited twice is not announced twice, while a weekly chase still comes every week.
public struct ReminderPlan: Equatable, Sendable {
    /// One reminder as it stands.
    public struct Existing: Equatable, Sendable {
        public var id: Int
        public var ruleID: Int
        public var dueAt: Date
        public var state: ReminderState

        public init(id: Int, ruleID: Int, dueAt: Date, state: ReminderState) {
            self.id = id
            self.ruleID = ruleID
            self.dueAt = dueAt
            self.state = state
        }
    }

    /// One change to make.
    public enum Change: Equatable, Sendable {
        /// A cancelled reminder is wanted again: pending from its own due time.
        case revive(id: Int)
        /// A pending reminder moves to another due time.
        case move(id: Int, to: Date)
        /// A pending reminder is no longer wanted.
        case cancel(id: Int)
        /// A new pending reminder for this rule at this time.
        case insert(ruleID: Int, dueAt: Date)
    }

    public var changes: [Change]

    /// The changes that make `existing` match `wanted` (due times by rule id) at `now`.
    /// Rules not in `wanted` are left alone, and so are their reminders.
    public init(now: Date, existing: [Existing], wanted: [Int: [Date]], quietSeconds: TimeInterval = TimeInterval(ReminderRule.overdueCadenceDays * 86_400)) {
        var changes: [Change] = []
        for (ruleID, times) in wanted.sorted(by: { $0.key < $1.key }) {
            var byTime: [Date: Existing] = [:]
            for reminder in existing where reminder.ruleID == ruleID {
                byTime[reminder.dueAt] = reminder
            }
            let wantedSet = Set(times)
            var movable = byTime.values.filter { $0.state == .pending && !wantedSet.contains($0.dueAt) }
                .sorted { $0.dueAt < $1.dueAt }.map(\.id)
            let delivered = byTime.values.filter { [.sent, .acked, .failed].contains($0.state) }.map(\.dueAt)
            for time in wantedSet.sorted() {
                if let current = byTime[time] {
                    if current.state == .cancelled { changes.append(.revive(id: current.id)) }
                    continue
                }
                if movable.isEmpty {
                    let toldRecently = time <= now && delivered.contains { $0 <= now && $0 > time - quietSeconds }
                    if !toldRecently { changes.append(.insert(ruleID: ruleID, dueAt: time)) }
                } else {
                    changes.append(.move(id: movable.removeFirst(), to: time))
                }
            }
            changes += movable.map { .cancel(id: $0) }
        }
        self.changes = changes
    }
}
