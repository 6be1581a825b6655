import Foundation
import Synchronization
import Testing
import VanortDomain
import VanortReminders

/// The deliverer: every reminder of a batch goes through every channel once, its outcome
/// beside it in the batch's order, whether the channels run in the caller's task
/// (in-process) or side by side (an external one among them); a channel that owes a
/// reminder nothing adds no attempt.
@Suite struct ReminderDelivererTests {
    /// A channel that records what it was given and fails the reminders in `failing`.
    final class Recording: ReminderChannel, Sendable {
        let key: String
        let isExternal: Bool
        let failing: Set<Int>
        let seen = Mutex<[Int]>([])

        init(_ key: String, external: Bool = false, failing: Set<Int> = []) {
            (self.key, self.isExternal, self.failing) = (key, external, failing)
        }

        func deliver(_ reminder: DueReminder) async -> [DeliveryAttempt] {
            guard !reminder.doneChannels.contains(key) else { return [] }
            seen.withLock { $0.append(reminder.id) }
            let failed = failing.contains(reminder.id)
            return [DeliveryAttempt(channel: "log", key: key, result: failed ? .failed : .sent, error: failed ? "refused" : nil)]
        }
    }

    private func batch(_ count: Int, done: [Int: Set<String>] = [:]) -> [DueReminder] {
        (1...count).map { id in
            DueReminder(
                id: id, dueAt: Date(timeIntervalSince1970: 1_931_328_000), attempt: 1, lateSeconds: 0, redelivery: false, rule: nil,
                notice: ReminderNotice(event: nil, about: nil, title: nil, note: "Ring Utena \(id)", dueAt: Date(timeIntervalSince1970: 1_931_328_000)),
                recipients: [], doneChannels: done[id] ?? [])
        }
    }

    @Test(arguments: [false, true])
    func everyReminderGoesThroughEveryChannelOnceWithItsOutcomeInBatchOrder(external: Bool) async {
        let log = Recording("log"), other = Recording("other", external: external, failing: [3])
        let deliverer = ReminderDeliverer(channels: [log, other], concurrency: 4)
        #expect(deliverer.hasExternalChannels == external)
        let outcomes = await deliverer.deliver(batch(40, done: [7: ["log"]]))
        #expect(outcomes.map(\.0.id) == Array(1...40))
        #expect(log.seen.withLock { $0.sorted() } == Array(1...40).filter { $0 != 7 })
        #expect(other.seen.withLock { $0.sorted() } == Array(1...40))
        for (reminder, attempts) in outcomes {
            #expect(attempts.map(\.key).sorted() == (reminder.id == 7 ? ["other"] : ["log", "other"]))
            #expect(attempts.contains { $0.result == .failed } == (reminder.id == 3))
        }
    }
}
