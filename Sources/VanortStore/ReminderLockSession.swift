import Foundation
import VanortDomain
import VanortPostgres

/// A claim loop's own connection for delivering through in-process channels (log, watch):
/// a batch is held by row locks in one transaction, from claim to record, instead of a
/// claim `UPDATE` and its lease; a daemon that dies mid-batch loses its locks with its
/// connection, so another daemon takes the batch at once.
///
/// Before anything is delivered, the batch's ids are committed as one `delivery_batch` row
/// (on the pool, outside the held transaction), and the transaction that records the
/// outcome deletes it. A row left behind names reminders whose deliverer died or failed
/// mid-batch: whoever delivers them next flags them as redeliveries, as a taken-over lease
/// does. Per reminder that is a row lock instead of a row update with its index entries
/// (docs/benchmarks.md, section 3).
public final class ReminderLockSession: Sendable {
    private let store: ReminderStore
    private let connection: DedicatedConnection

    public init(store: ReminderStore, label: String) {
        self.store = store
        self.connection = DedicatedConnection(url: store.pool.url, applicationName: "vanortd-reminders", label: label)
    }

    /// The statement that locks due reminders: `$1` the batch size; the ids with this
    /// attempt's number, whether it is a redelivery, and the first attempt's lateness.
    /// Public so the benchmark's baseline runs exactly what the scheduler runs.
    public static let lockStatement: StaticString = """
        SELECT r.id, r.attempts + 1 AS attempt,
            r.redelivery OR r.claimed_by IS NOT NULL OR r.id IN (SELECT unnest(b.reminder_ids) FROM delivery_batch b) AS redelivery,
            coalesce(r.late_seconds, round(extract(epoch FROM now() - r.next_attempt_at), 3))::float8 AS late
        FROM vanort_due_reminders($1) r
        """

    /// A held batch: its reminders, and the `delivery_batch` row that names them.
    public struct Batch: Sendable {
        public let reminders: [DueReminder]
        let marker: Int
    }

    /// Locks up to `limit` due reminders in a transaction left open, loads them, and
    /// commits their ids on the pool as the batch's marker; nil when nothing is due.
    public func claim(limit: Int, daemon: String) async throws -> Batch? {
        let context = store.context
        let reminders = try await connection.run { connection -> [DueReminder] in
            try connection.sendAhead("BEGIN")
            do {
                let locked = try connection.query(SQL(Self.lockStatement, limit).plannedForEachRun())
                var claims: [Int: (attempt: Int, redelivery: Bool, late: Double)] = [:]
                for row in locked {
                    claims[try row.decode(Int.self, "id")] = (
                        try row.decode(Int.self, "attempt"), try row.decode(Bool.self, "redelivery"), try row.decode(Double.self, "late")
                    )
                }
                guard !claims.isEmpty else {
                    try connection.query("COMMIT")
                    return []
                }
                return try ReminderDetails(connection: connection, context: context).load(ids: Array(claims.keys)).map { reminder in
                    var held = reminder
                    if let claim = claims[reminder.id] {
                        (held.attempt, held.redelivery, held.lateSeconds) = (claim.attempt, claim.redelivery, claim.late)
                    }
                    return held
                }
            } catch {
                _ = try? connection.query("ROLLBACK")
                throw error
            }
        }
        guard !reminders.isEmpty else { return nil }
        do {
            let marker = try await store.pool.withConnection { connection in
                try connection.query(SQL(
                    "INSERT INTO delivery_batch (daemon, reminder_ids) VALUES ($1, $2::bigint[]) RETURNING id",
                    daemon, reminders.map { String($0.id) }).plannedForEachRun()).first?.decode(Int.self, "id") ?? 0
            }
            return Batch(reminders: reminders, marker: marker)
        } catch {
            await abandon()
            throw error
        }
    }

    /// Records the batch's outcomes, drops its marker (and any left behind whose reminders
    /// are no longer pending) and commits, releasing the locks.
    public func record(
        _ batch: Batch, _ outcomes: [(DueReminder, [DeliveryAttempt])], daemon: String, policy: RetryPolicy
    ) async throws {
        let context = store.context
        do {
            try await connection.run { connection in
                do {
                    try ReminderStore.record(outcomes, daemon: daemon, claimedBy: nil, policy: policy, on: connection, context: context)
                    try connection.sendAhead(SQL(
                        """
                        DELETE FROM delivery_batch b WHERE b.id = $1
                            OR NOT EXISTS (SELECT 1 FROM reminder r WHERE r.id = ANY(b.reminder_ids) AND r.state = 'pending')
                        """, batch.marker))
                    try connection.query("COMMIT")
                } catch {
                    try? connection.flush()
                    _ = try? connection.query("ROLLBACK")
                    throw error
                }
            }
        } catch {
            await abandon()
            throw error
        }
    }

    /// Gives the batch up without recording it (its marker stays, so the next delivery of
    /// its reminders is flagged): closing the connection rolls the transaction back.
    public func abandon() async {
        await connection.close()
    }
}
