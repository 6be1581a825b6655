import VanortProtocol
import Foundation
import VanortClient
import VanortPostgres
import VanortTestSupport

/// Benchmark 1: commands through the admin socket against the same SQL sent directly with
/// libpq, with the same number of concurrent clients and connections.
struct SocketBenchmark {
    let socketPath: String
    let databaseURL: String
    let seconds: Double

    /// One workload: what a socket client sends, and what the baseline runs for it.
    struct Workload: Sendable {
        let name: String
        let request: @Sendable (Int) -> String
        let baseline: @Sendable (PostgresConnection, Int) throws -> Void
    }

    static let workloads = [
        Workload(
            name: "visit add",
            // The same visit again and again: told it is meant (the duplicate check is skipped,
            // as the baseline has none).
            request: { n in "visit add city=1 direction=incoming kind=study from=2027-05-03 to=2027-05-05 participants=\(n % 40) allow-duplicate=true" },
            baseline: { connection, n in
                // The store's own statements for an add: insert, read back, in one transaction.
                try connection.transaction {
                    let id = try connection.query(SQL(
                        """
                        INSERT INTO visit (direction, kind, city_id, from_date, to_date, participants, status, reported)
                        VALUES ('incoming', 'study', 1, '2027-05-03', '2027-05-05', $1, 'planned', false) RETURNING id
                        """, n % 40)).first?.decode(Int.self, "id") ?? 0
                    _ = try connection.query(SQL(
                        """
                        SELECT r.id, r.direction, r.kind, c.name AS city, r.from_date, r.to_date, r.participants, r.status, r.version
                        FROM visit r JOIN city c ON c.id = r.city_id WHERE r.id = $1
                        """, id))
                }
            }),
        Workload(
            name: "upcoming --days 30",
            request: { _ in "upcoming days=30" },
            baseline: { connection, _ in
                _ = try connection.query(SQL(
                    """
                    SELECT 'visit' AS type, r.id, r.from_date, r.to_date, c.name AS city, r.direction, r.kind, r.participants, r.status
                    FROM visit r JOIN city c ON c.id = r.city_id
                    WHERE r.from_date >= current_date AND r.from_date <= current_date + $1::integer AND r.status <> 'cancelled'
                    UNION ALL
                    SELECT 'exchange', r.id, r.from_date, r.to_date, c.name, r.direction, r.kind, r.participants, r.status
                    FROM exchange r JOIN city c ON c.id = r.city_id
                    WHERE r.from_date >= current_date AND r.from_date <= current_date + $1::integer AND r.status <> 'cancelled'
                    ORDER BY 3, 1 DESC, 2
                    """, 30))
            }),
    ]

    /// `clients` socket sessions sending the workload's request back to back for `seconds`.
    func socket(_ workload: Workload, clients: Int) async throws -> LatencySummary {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .seconds(seconds)
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for client in 0..<clients {
                group.addTask {
                    try await AdminSession.with(socketPath: socketPath) { session in
                        var samples: [Double] = []
                        var n = client
                        while clock.now < deadline {
                            let began = clock.now
                            let reply = try await session.send(line: workload.request(n))
                            guard !reply.status.isError else { throw BenchmarkError("\(workload.name): \(reply.message)") }
                            samples.append((clock.now - began).seconds)
                            n += clients
                        }
                        return samples
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        return LatencySummary(latencies: latencies, seconds: (clock.now - start).seconds)
    }

    /// `clients` libpq connections, each on its own thread, running the baseline for `seconds`.
    func baseline(_ workload: Workload, clients: Int) async throws -> LatencySummary {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .seconds(seconds)
        let url = databaseURL
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for client in 0..<clients {
                group.addTask {
                    try await onThread {
                        let connection = try PostgresConnection(url: url, applicationName: "vanort-bench")
                        var samples: [Double] = []
                        var n = client
                        while clock.now < deadline {
                            let began = clock.now
                            try workload.baseline(connection, n)
                            samples.append((clock.now - began).seconds)
                            n += clients
                        }
                        return samples
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        return LatencySummary(latencies: latencies, seconds: (clock.now - start).seconds)
    }
}
