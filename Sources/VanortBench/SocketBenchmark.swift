import VanortProtocol
import Foundation
import VanortDaemon
import VanortPostgres
import VanortStore
import VanortTestSupport

/// Benchmark 1: commands through the admin socket against the same transaction run
/// in-process: the store's own call over libpq, with the audit entry a change commits
/// with, and as many connections as clients. What separates the two is the daemon's
/// share: the session, framing, routing, the reply's encoding and the pool's hand-offs.
struct SocketBenchmark {
    let socketPath: String
    let databaseURL: String
    let seconds: Double

    /// One workload: what a socket client sends, and the store call the baseline makes for it.
    struct Workload: Sendable {
        let name: String
        let request: @Sendable (Int) -> String
        let baseline: @Sendable (RegisterStore, Int) async throws -> Void
    }

    /// A visit's fields for request `n`: the same visit again and again, so the request says
    /// it is meant (`allow-duplicate`), which the baseline passes on as well.
    static func visit(_ n: Int) -> KeyValuePairs<String, String> {
        ["city": "1", "direction": "incoming", "kind": "study", "from": "2027-05-03", "to": "2027-05-05", "participants": "\(n % 40)"]
    }

    /// The request that adds `visit(n)`.
    static func visitRequest(_ n: Int) -> String {
        "visit add " + visit(n).map { "\($0.key)=\($0.value)" }.joined(separator: " ") + " allow-duplicate=true"
    }

    static let workloads = [
        Workload(
            name: "visit add",
            request: visitRequest,
            baseline: { store, n in
                let line = visitRequest(n)
                let note = CommitNote(AuditStore.insertion(AuditStore.Entry(
                    actor: "vanort-bench", role: "admin", command: line, code: Status.created.rawValue, status: Status.created.keyword)))
                try await CommitNote.$current.withValue(note) {
                    _ = try await store.add(.visit, Dictionary(uniqueKeysWithValues: visit(n).map { ($0.key, $0.value) }), allowDuplicate: true)
                }
                guard note.isCommitted else { throw BenchmarkError("visit add baseline: the audit entry did not commit") }
            }),
        Workload(
            name: "upcoming --days 30",
            request: { _ in "upcoming days=30" },
            baseline: { store, _ in _ = try await store.upcoming(days: 30) }),
    ]

    /// `clients` socket sessions sending the workload's request back to back for `seconds`,
    /// each reply one JSON line whose status alone is read: what the client would make of the
    /// reply is its own cost, not the daemon's, and it would share these two cores.
    func socket(_ workload: Workload, clients: Int) async throws -> LatencySummary {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .seconds(seconds)
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for client in 0..<clients {
                group.addTask {
                    try await RawLineClient.with(socketPath: socketPath) { session in
                        _ = try await session.readLine()
                        var samples: [Double] = []
                        var n = client
                        while clock.now < deadline {
                            let began = clock.now
                            try await session.send(workload.request(n) + " format=json\n")
                            guard let reply = try await session.readLine() else { throw BenchmarkError("\(workload.name): the daemon closed") }
                            guard reply.hasPrefix("{\"code\":2") else { throw BenchmarkError("\(workload.name): \(reply.prefix(200))") }
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

    /// `clients` tasks making the workload's store call back to back for `seconds`, over a
    /// pool of as many connections.
    func baseline(_ workload: Workload, clients: Int) async throws -> LatencySummary {
        let pool = PostgresPool(url: databaseURL, size: clients, applicationName: "vanort-bench")
        let store = RegisterStore(pool: pool, homeCity: Configuration().homeCity)
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + .seconds(seconds)
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            for client in 0..<clients {
                group.addTask {
                    var samples: [Double] = []
                    var n = client
                    while clock.now < deadline {
                        let began = clock.now
                        try await workload.baseline(store, n)
                        samples.append((clock.now - began).seconds)
                        n += clients
                    }
                    return samples
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let summary = LatencySummary(latencies: latencies, seconds: (clock.now - start).seconds)
        await pool.closeAll()
        return summary
    }
}
