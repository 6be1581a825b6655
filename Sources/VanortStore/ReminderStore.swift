import Foundation
import VanortDomain
import VanortPostgres

/// Reminders in the database: what the scheduler claims and records, and what the
/// `reminder` commands read and change. "Now" is always the database's clock.
public struct ReminderStore: Sendable {
    public let pool: PostgresPool
    let context: StoreContext

    /// The zone the home municipality keeps when it is not in the register.
    public static var fallbackZone: TimeZone { ReminderPlanner.fallbackZone }

    public init(pool: PostgresPool, homeCity: String) {
        self.pool = pool
        self.context = StoreContext(homeCity: homeCity)
    }

    // MARK: - Scheduling

    /// Seconds from the database's now until the earliest pending reminder is due (or a dead
    /// daemon's claim on one expires); negative when overdue, nil when nothing is pending.
    public func secondsUntilNextDue() async throws -> Double? {
        try await pool.withConnection { connection in
            try connection.query(
                """
                SELECT extract(epoch FROM vanort_next_attempt() - clock_timestamp())::float8 AS wait
                """
            ).first?.decodeIfPresent(Double.self, "wait")
        }
    }

    /// The statement that claims due reminders with a lease (when external commands deliver;
    /// in-process channels hold theirs, `ReminderLockSession`): `$1` the daemon, `$2` the
    /// batch size, `$3` the lease in seconds; returns the claimed ids.
    static let claimStatement: StaticString = """
        WITH due AS (SELECT id FROM vanort_due_reminders($2))
        UPDATE reminder r SET claimed_by = $1, lease_until = now() + make_interval(secs => $3),
            redelivery = r.redelivery OR r.claimed_by IS NOT NULL, attempts = r.attempts + 1,
            late_seconds = coalesce(r.late_seconds, round(extract(epoch FROM now() - r.next_attempt_at), 3))
        FROM due WHERE r.id = due.id
        RETURNING r.id
        """

    /// Claims up to `limit` due reminders for `daemon` with a lease, so no other daemon
    /// delivers them while it lives; a claim whose lease expired is taken over.
    public func claimDue(daemon: String, limit: Int, leaseSeconds: Double) async throws -> [DueReminder] {
        let context = self.context
        return try await pool.withConnection { connection in
            let claimed = try connection.query(SQL(Self.claimStatement, daemon, limit, leaseSeconds).plannedForEachRun())
                .map { try $0.decode(Int.self, "id") }
            guard !claimed.isEmpty else { return [] }
            return try ReminderDetails(connection: connection, context: context).load(ids: claimed)
        }
    }

    /// Records how each claimed reminder's channels did: every attempt becomes a delivery
    /// row; a reminder with nothing left to deliver is sent; one with a failed channel is
    /// retried after `policy`'s back-off or, out of attempts, becomes failed. Only claims
    /// still held by `daemon` are changed.
    public func record(_ outcomes: [(DueReminder, [DeliveryAttempt])], daemon: String, policy: RetryPolicy) async throws {
        guard !outcomes.isEmpty else { return }
        let context = self.context
        try await pool.transaction { connection in
            try Self.record(outcomes, daemon: daemon, claimedBy: daemon, policy: policy, on: connection, context: context)
        }
    }

    /// Records outcomes inside the caller's transaction (`record(_:daemon:policy:)`, and a
    /// claim loop that holds its batch by row locks, `claimedBy` nil). The delivery rows
    /// and the outcomes are sent ahead: with nothing to re-plan they cost no round trip
    /// until the caller's `COMMIT`.
    static func record(
        _ outcomes: [(DueReminder, [DeliveryAttempt])], daemon: String, claimedBy: String?, policy: RetryPolicy,
        on connection: PostgresConnection, context: StoreContext
    ) throws {
        guard !outcomes.isEmpty else { return }
        var deliveries = DeliveryColumns()
        var updates = OutcomeColumns()
        for (reminder, attempts) in outcomes {
            for attempt in attempts { deliveries.append(reminder, attempt) }
            let failures = attempts.filter { $0.result == .failed }
            let done = reminder.doneChannels.union(attempts.filter { $0.result != .failed }.map(\.key))
            let state: ReminderState = failures.isEmpty ? .sent : (reminder.attempt >= policy.maxAttempts ? .failed : .pending)
            let error = failures.map { "\($0.key): \($0.error ?? "failed")" }.joined(separator: "; ")
            updates.append(reminder, state: state, done: done.sorted(), retryIn: policy.delay(afterAttempt: reminder.attempt), error: error)
        }
        try connection.sendAhead(SQL(
            """
            INSERT INTO delivery (reminder_id, attempt, channel, recipient, contact_id, late_seconds, result, error, daemon)
            SELECT u.reminder_id::bigint, u.attempt::integer, u.channel, nullif(u.recipient, ''),
                nullif(u.contact_id, '')::bigint, u.late::numeric, u.result, nullif(u.error, ''), $9
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
                AS u(reminder_id, attempt, channel, recipient, contact_id, late, result, error)
            """, deliveries.reminderIDs, deliveries.attempts, deliveries.channels, deliveries.recipients,
            deliveries.contactIDs, deliveries.late, deliveries.results, deliveries.errors, daemon).plannedForEachRun())
        // After delivery: a held batch's transaction began before it, so its now() would be early.
        // The attempt, its lateness and the redelivery flag are the claim's: a leased claim
        // wrote them already (the same values), a held one writes them here. A lease is
        // changed only while `claimedBy` still holds it; a held row is locked by the caller.
        try connection.sendAhead(SQL(
            """
            UPDATE reminder r SET state = u.state, done_channels = coalesce(string_to_array(nullif(u.done, ''), ','), '{}'),
                sent_at = CASE WHEN u.state = 'sent' THEN statement_timestamp() ELSE r.sent_at END,
                next_attempt_at = CASE WHEN u.state = 'pending' THEN statement_timestamp() + make_interval(secs => u.retry_in::float8)
                    ELSE r.next_attempt_at END,
                attempts = u.attempt::integer, late_seconds = u.late::numeric, redelivery = u.redelivery::boolean,
                last_error = nullif(u.error, ''), claimed_by = NULL, lease_until = NULL, updated_at = statement_timestamp()
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
                AS u(id, state, done, retry_in, error, attempt, late, redelivery)
            WHERE r.id = u.id::bigint AND ($9::text IS NULL OR r.claimed_by = $9)
            """, updates.ids, updates.states, updates.done, updates.retryIn, updates.errors, updates.attempts, updates.late,
            updates.redelivery, claimedBy).plannedForEachRun())
        // A delivered rule's reminder may be one that chases a deadline (a review, a report,
        // an activity): re-planning its event plans the next one, or nothing once it is done.
        let replan = outcomes.filter { $0.0.rule != nil && !$0.1.contains { $0.result == .failed } }.map { String($0.0.id) }
        guard !replan.isEmpty else { return }
        let events = try connection.query(SQL(
            "SELECT DISTINCT about_kind, about_id FROM reminder WHERE id = ANY($1::bigint[]) AND about_kind IS NOT NULL", replan).plannedForEachRun())
        let planner = ReminderPlanner(connection: connection, context: context)
        for event in events {
            guard let noun = Noun(rawValue: try event.decode(String.self, "about_kind")) else { continue }
            try planner.plan(noun, id: try event.decode(Int.self, "about_id"))
        }
    }

    /// Gives up `daemon`'s unfinished claims (graceful shutdown) so others take them at once.
    @discardableResult
    public func release(daemon: String) async throws -> Int {
        try await pool.withConnection { connection in
            try connection.query(SQL(
                """
                UPDATE reminder SET claimed_by = NULL, lease_until = NULL, attempts = greatest(attempts - 1, 0)
                WHERE claimed_by = $1 AND state = 'pending'
                """, daemon)).affectedRows
        }
    }

    /// Pending, overdue (pending and due more than a minute ago) and failed reminders.
    public func counts() async throws -> (pending: Int, overdue: Int, failed: Int) {
        try await pool.withConnection { connection in
            let row = try connection.query(
                """
                SELECT count(*) AS pending, count(*) FILTER (WHERE next_attempt_at < now() - interval '1 minute') AS overdue,
                    (SELECT count(*) FROM reminder WHERE state = 'failed') AS failed
                FROM pending_reminder
                """
            ).first
            return (
                try row?.decode(Int.self, "pending") ?? 0, try row?.decode(Int.self, "overdue") ?? 0,
                try row?.decode(Int.self, "failed") ?? 0
            )
        }
    }
}

/// How often and how soon a failed delivery is tried again.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts in all; after the last failed one the reminder is `failed`.
    public var maxAttempts: Int
    /// The wait after the first failure; it doubles each time up to `maximumSeconds`.
    public var baseSeconds: Double
    public var maximumSeconds: Double

    public init(maxAttempts: Int = 5, baseSeconds: Double = 60, maximumSeconds: Double = 3600) {
        self.maxAttempts = maxAttempts
        self.baseSeconds = baseSeconds
        self.maximumSeconds = maximumSeconds
    }

    /// Capped exponential back-off: base, 2 × base, 4 × base, … up to the maximum.
    public func delay(afterAttempt attempt: Int) -> Double {
        min(baseSeconds * pow(2, Double(max(attempt - 1, 0))), maximumSeconds)
    }
}

/// Delivery rows as parallel text arrays, for one `INSERT … SELECT FROM unnest(…)`.
private struct DeliveryColumns: Sendable {
    var reminderIDs: [String] = [], attempts: [String] = [], channels: [String] = [], recipients: [String] = []
    var contactIDs: [String] = [], late: [String] = [], results: [String] = [], errors: [String] = []

    mutating func append(_ reminder: DueReminder, _ attempt: DeliveryAttempt) {
        reminderIDs.append(String(reminder.id))
        attempts.append(String(reminder.attempt))
        channels.append(attempt.channel)
        recipients.append(attempt.recipient ?? "")
        contactIDs.append(attempt.contactID.map(String.init) ?? "")
        late.append(String(format: "%.3f", reminder.lateSeconds))
        results.append(attempt.result.rawValue)
        errors.append(attempt.error ?? "")
    }
}

/// Reminder outcomes as parallel text arrays, for one `UPDATE … FROM unnest(…)`.
private struct OutcomeColumns: Sendable {
    var ids: [String] = [], states: [String] = [], done: [String] = [], retryIn: [String] = [], errors: [String] = []
    var attempts: [String] = [], late: [String] = [], redelivery: [String] = []

    mutating func append(_ reminder: DueReminder, state: ReminderState, done: [String], retryIn: Double, error: String) {
        ids.append(String(reminder.id))
        states.append(state.rawValue)
        self.done.append(done.joined(separator: ","))
        self.retryIn.append(String(retryIn))
        errors.append(error)
        attempts.append(String(reminder.attempt))
        late.append(String(format: "%.3f", reminder.lateSeconds))
        redelivery.append(reminder.redelivery ? "true" : "false")
    }
}
