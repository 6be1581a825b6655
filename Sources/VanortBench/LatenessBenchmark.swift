import Foundation
import VanortPostgres
import VanortStore
import VanortTestSupport

/// Benchmark 2: how late reminders start, from their due instant to delivery, among many
/// pending ones. Probes are ad-hoc reminders due `spacing` apart, inserted a second ahead in
/// one statement, so the daemon learns of them as it learns of any new reminder.
struct LatenessBenchmark {
    let databaseURL: String
    let probes: Int
    let spacing: Double

    /// The daemon's lateness, timed where a `reminder watch` session receives each probe
    /// (so it includes loading the reminder and writing it to the socket).
    func daemon(socketPath: String) async throws -> LatencySummary {
        let (url, count, spacing) = (databaseURL, probes, spacing)
        let latenesses = try await withDeadline(seconds: Double(count) * spacing + 60) {
            try await RawLineClient.with(socketPath: socketPath) { client -> [Double] in
                guard try await client.readLine()?.hasPrefix("200 VANORT") == true else { throw BenchmarkError("no greeting") }
                try await client.send("reminder watch\n")
                guard let answer = try await client.readLine(), answer.hasPrefix("211 ") else {
                    throw BenchmarkError("reminder watch was not accepted")
                }
                var due = try Self.insertProbes(count, spacing: spacing, on: PostgresConnection(url: url, applicationName: "vanort-bench"))
                var lateness: [Double] = []
                while !due.isEmpty, let line = try await client.readLine() {
                    let arrival = Date().timeIntervalSince1970
                    guard let id = Int(line.prefix { $0 != "\t" }), let at = due.removeValue(forKey: id) else { continue }
                    lateness.append(arrival - at)
                }
                guard due.isEmpty else { throw BenchmarkError("the daemon closed the watch with \(due.count) probes undelivered") }
                return lateness
            }
        }
        return LatencySummary(latencies: latenesses, seconds: Double(count) * spacing)
    }

    /// The floor: one libpq connection that sleeps until each probe's due instant and claims
    /// it with the scheduler's own statement, timed when the claim returns. Run it while no
    /// daemon is running.
    func baseline() async throws -> LatencySummary {
        let (url, count, spacing) = (databaseURL, probes, spacing)
        let latenesses = try await onThread {
            let connection = try PostgresConnection(url: url, applicationName: "vanort-bench")
            let due = try Self.insertProbes(count, spacing: spacing, on: connection).sorted { $0.value < $1.value }
            // When the thread wakes late, one claim takes several probes: each keeps the
            // instant its claim returned.
            var claimedAt: [Int: Double] = [:]
            var lateness: [Double] = []
            for (id, at) in due {
                Thread.sleep(until: Date(timeIntervalSince1970: at))
                // Woken a microsecond early (the due instant rounded to a Double), the probe
                // is not due yet: claim again.
                while claimedAt[id] == nil {
                    guard Date().timeIntervalSince1970 - at < 5 else { throw BenchmarkError("the baseline's claim missed probe \(id)") }
                    // The scheduler's statement with only in-process channels: a held batch.
                    let claimed = try connection.transaction {
                        let ids = try connection.query(SQL(ReminderLockSession.lockStatement, 500).plannedForEachRun())
                            .map { try $0.decode(Int.self, "id") }
                        let now = Date().timeIntervalSince1970
                        if !ids.isEmpty {
                            try connection.sendAhead(SQL(
                                "UPDATE reminder SET state = 'sent', sent_at = now() WHERE id = ANY($1::bigint[])", ids.map(String.init)))
                        }
                        return ids.map { ($0, now) }
                    }
                    for (claimedID, now) in claimed { claimedAt[claimedID] = now }
                }
                lateness.append((claimedAt[id] ?? at) - at)
            }
            return lateness
        }
        return LatencySummary(latencies: latenesses, seconds: Double(count) * spacing)
    }

    /// Inserts the probes, the first due a second from now; their ids and due instants
    /// (seconds since 1970).
    static func insertProbes(_ count: Int, spacing: Double, on connection: PostgresConnection) throws -> [Int: Double] {
        let rows = try connection.query(SQL(
            """
            INSERT INTO reminder (due_at, next_attempt_at, note)
            SELECT t, t, 'benchmark probe'
            FROM (SELECT clock_timestamp() + interval '1 second' + make_interval(secs => g * $2::float8) AS t
                  FROM generate_series(0, $1::integer - 1) g) probe
            RETURNING id, extract(epoch FROM due_at)::float8 AS due
            """, count, spacing))
        var due: [Int: Double] = [:]
        for row in rows { due[try row.decode(Int.self, "id")] = try row.decode(Double.self, "due") }
        return due
    }
}
