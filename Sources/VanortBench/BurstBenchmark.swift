import Foundation
import VanortPostgres
import VanortStore
import VanortTestSupport

/// Benchmark 3: `size` reminders due at one instant (the catch-up case), delivered to the
/// log channel by one or more daemons; the baseline holds and records them with the
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

    /// The same with `threads` libpq connections that each hold a batch of 500 as the
    /// scheduler does with only in-process channels (row locks in one transaction, its
    /// marker committed on a second connection) and record it (a delivery row each, then
    /// sent), until nothing is due; without loading or logging the reminders.
    func baseline(_ threads: Int) async throws -> Figures {
        let due = try insertBurst()
        let url = databaseURL
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<threads {
                group.addTask {
                    try await onThread {
                        let connection = try PostgresConnection(url: url, applicationName: "vanort-bench")
                        let markers = try PostgresConnection(url: url, applicationName: "vanort-bench")
                        Thread.sleep(until: Date(timeIntervalSince1970: due))
                        while try Self.holdAndRecord(connection, markers) {}
                    }
                }
            }
            try await group.waitForAll()
        }
        return try await rate(since: due)
    }

    /// One held batch; false when nothing was due.
    private static func holdAndRecord(_ connection: PostgresConnection, _ markers: PostgresConnection) throws -> Bool {
        try connection.transaction {
            let ids = try connection.query(SQL(ReminderLockSession.lockStatement, 500).plannedForEachRun()).map { String(try $0.decode(Int.self, "id")) }
            guard !ids.isEmpty else { return false }
            let marker = try markers.query(SQL(
                "INSERT INTO delivery_batch (daemon, reminder_ids) VALUES ($1, $2::bigint[]) RETURNING id", "vanort-bench", ids))
                .first?.decode(Int.self, "id")
            try connection.sendAhead(SQL(
                """
                INSERT INTO delivery (reminder_id, attempt, channel, late_seconds, result, daemon)
                SELECT id, attempts + 1, 'log', 0, 'sent', 'vanort-bench' FROM reminder WHERE id = ANY($1::bigint[])
                """, ids))
            try connection.sendAhead(SQL(
                """
                UPDATE reminder SET state = 'sent', sent_at = statement_timestamp(), attempts = attempts + 1,
                    updated_at = statement_timestamp()
                WHERE id = ANY($1::bigint[])
                """, ids))
            try connection.sendAhead(SQL("DELETE FROM delivery_batch WHERE id = $1", marker))
            return true
        }
    }

    /// Inserts the burst, due five to six seconds from now; its due instant in seconds since
    /// 1970. The lead must outlast the insert (100,000 rows with their queue entries take
    /// about 2 s on two cores; with 2–3 s of lead the insert sometimes committed after the
    /// due instant, and the first delivery was counted 190 ms late).
    private func insertBurst() throws -> Double {
        let connection = try PostgresConnection(url: databaseURL, applicationName: "vanort-bench")
        let due = try connection.query("SELECT extract(epoch FROM date_trunc('second', clock_timestamp()) + interval '6 seconds')::float8 AS due")
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
            // By its due instant (an index), not only its note: a scan of every reminder five
            // times a second took a core's half from the burst it measures.
            let row = try connection.query(SQL(
                """
                SELECT count(*) FILTER (WHERE state = 'sent') AS sent, count(*) FILTER (WHERE state <> 'sent' AND state <> 'pending') AS other,
                    extract(epoch FROM max(sent_at))::float8 AS last, extract(epoch FROM min(sent_at))::float8 AS first
                FROM reminder WHERE due_at = to_timestamp($1) AND note = 'benchmark burst'
                """, due)).first
            let sent = try row?.decode(Int.self, "sent") ?? 0
            if let other = try row?.decode(Int.self, "other"), other > 0 { throw BenchmarkError("\(other) burst reminders failed") }
            if sent == size, let last = try row?.decodeIfPresent(Double.self, "last"), let first = try row?.decodeIfPresent(Double.self, "first") {
                try connection.query(SQL("DELETE FROM reminder WHERE due_at = to_timestamp($1) AND note = 'benchmark burst'", due))
                return Figures(perSecond: Double(size) / (last - due), firstLateSeconds: first - due)
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw BenchmarkError("the burst was not delivered within the deadline")
    }
}
