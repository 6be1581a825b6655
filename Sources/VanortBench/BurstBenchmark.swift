import Foundation
import VanortPostgres
import VanortStore
import VanortTestSupport

/// Benchmark 3: `size` reminders due at one instant (the catch-up case), delivered to the
/// log channel by one or more daemons; the baseline claims and records them with the
/// scheduler's statements over libpq alone, without loading or writing a reminder.
struct BurstBenchmark {
    let databaseURL: String
    let size: Int

    /// What a burst measured: reminders per second from the due instant to the last one
    /// recorded as sent, and how late the first was recorded as sent.
    struct Figures {
        var perSecond: Double
        var firstLateSeconds: Double
    }

    /// The burst delivered by `count` daemons sharing the database.
    func daemons(_ count: Int) async throws -> Figures {
        var daemons: [DaemonProcess] = []
        do {
            for _ in 0..<count {
                daemons.append(try await DaemonProcess.start(databaseURL: databaseURL, arguments: ["--log-level", "info"]))
            }
            let due = try insertBurst()
            let perSecond = try await rate(since: due)
            for daemon in daemons { await daemon.stop() }
            return perSecond
        } catch {
            for daemon in daemons { await daemon.stop() }
            throw error
        }
    }

    /// The same with `threads` libpq connections that each claim a batch of 500 and record
    /// it (a delivery row each, then sent), until nothing is due.
    func baseline(_ threads: Int) async throws -> Figures {
        let due = try insertBurst()
        let url = databaseURL
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<threads {
                group.addTask {
                    try await onThread {
                        let connection = try PostgresConnection(url: url, applicationName: "vanort-bench")
                        Thread.sleep(until: Date(timeIntervalSince1970: due))
                        while true {
                            let claimed = try connection.query(SQL(ReminderStore.claimStatement, "vanort-bench", 500, 60))
                                .map { String(try $0.decode(Int.self, "id")) }
                            guard !claimed.isEmpty else { return }
                            try Self.record(claimed, connection)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        return try await rate(since: due)
    }

    private static func record(_ ids: [String], _ connection: PostgresConnection) throws {
        try connection.transaction {
            try connection.query(SQL(
                """
                INSERT INTO delivery (reminder_id, attempt, channel, late_seconds, result, daemon)
                SELECT id, attempts, 'log', late_seconds, 'sent', claimed_by FROM reminder WHERE id = ANY($1::bigint[])
                """, ids))
            try connection.query(SQL(
                """
                UPDATE reminder SET state = 'sent', sent_at = now(), claimed_by = NULL, lease_until = NULL, updated_at = now()
                WHERE id = ANY($1::bigint[])
                """, ids))
        }
    }

    /// Inserts the burst, due two seconds from now; its due instant in seconds since 1970.
    private func insertBurst() throws -> Double {
        let connection = try PostgresConnection(url: databaseURL, applicationName: "vanort-bench")
        let due = try connection.query("SELECT extract(epoch FROM date_trunc('second', clock_timestamp()) + interval '3 seconds')::float8 AS due")
            .first?.decode(Double.self, "due") ?? 0
        try connection.query(SQL(
            """
            INSERT INTO reminder (about_kind, about_id, due_at, next_attempt_at, note)
            SELECT 'visit', 1 + g % (SELECT count(*) FROM visit), to_timestamp($2), to_timestamp($2), 'benchmark burst'
            FROM generate_series(1, $1::integer) g
            """, size, due))
        return due
    }

    /// Waits until the whole burst is sent; its size over the time from `due` to the last
    /// send, and the first send's lateness. The burst's rows are removed afterwards, so the
    /// next run starts alike.
    private func rate(since due: Double) async throws -> Figures {
        let connection = try PostgresConnection(url: databaseURL, applicationName: "vanort-bench")
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(Double(size) / 500 + 120)
        while clock.now < deadline {
            let row = try connection.query(
                """
                SELECT count(*) FILTER (WHERE state = 'sent') AS sent, count(*) FILTER (WHERE state <> 'sent' AND state <> 'pending') AS other,
                    extract(epoch FROM max(sent_at))::float8 AS last, extract(epoch FROM min(sent_at))::float8 AS first
                FROM reminder WHERE note = 'benchmark burst'
                """
            ).first
            let sent = try row?.decode(Int.self, "sent") ?? 0
            if let other = try row?.decode(Int.self, "other"), other > 0 { throw BenchmarkError("\(other) burst reminders failed") }
            if sent == size, let last = try row?.decodeIfPresent(Double.self, "last"), let first = try row?.decodeIfPresent(Double.self, "first") {
                try connection.query("DELETE FROM reminder WHERE note = 'benchmark burst'")
                return Figures(perSecond: Double(size) / (last - due), firstLateSeconds: first - due)
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw BenchmarkError("the burst was not delivered within the deadline")
    }
}
