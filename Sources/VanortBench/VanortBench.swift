import ArgumentParser
import Foundation
import VanortPostgres
import VanortTestSupport

/// `vanort-bench`: vanort's figures next to their baselines, measured in one run on this
/// machine, printed and written to docs/benchmarks.md. Run it on a release build:
/// `swift build -c release --static-swift-stdlib && .build/release/vanort-bench`.
@main
struct VanortBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vanort-bench", abstract: "Measure vanort against its baselines and write docs/benchmarks.md.")

    @Flag(help: "Tiny sizes and short runs, to check that the harness works (CI).") var smoke = false
    @Option(help: "Where to write the report (default: docs/benchmarks.md; none with --smoke).") var out: String?
    @Option(help: "Only these sections, e.g. 2,3, for profiling; nothing is written then.") var only: String?
    @Option(help: "A PostgreSQL maintenance database to create the benchmark database on.") var databaseURL = TestDatabase.adminURL

    func run() async throws {
        let database = try TestDatabase.create(on: databaseURL)
        var report = BenchmarkReport(smoke: smoke)
        do {
            try await measure(database, into: &report)
        } catch {
            try? database.drop()
            throw error
        }
        try? database.drop()
        print(report.markdown)
        if only == nil, let path = out ?? (smoke ? nil : "docs/benchmarks.md") {
            try report.write(to: path)
            print("written to \(path)")
        }
    }

    private func runs(_ section: Int) -> Bool {
        only.map { $0.split(separator: ",").contains(Substring(String(section))) } ?? true
    }

    private func measure(_ database: TestDatabase, into report: inout BenchmarkReport) async throws {
        let connection = try database.connect()
        // 1 and 5 on a register of realistic size, on a daemon whose start is section 4's baseline.
        let web = try FreePort.loopback()
        let (daemon, empty) = try await StartupProbe.start(databaseURL: database.url, pending: 0, visits: 0, arguments: ["--http-listen", "127.0.0.1:\(web)"])
        report.startup(empty.finished(daemon))
        do {
            let generator = smoke ? DataGenerator(visits: 500, exchanges: 100) : DataGenerator(visits: 50_000, exchanges: 10_000)
            try generator.fill(connection)
            report.note("Data: 50 cities, 200 associations, \(generator.visits) visits and \(generator.exchanges) exchanges over ten years.")
            let socket = SocketBenchmark(socketPath: daemon.socketPath, databaseURL: database.url, seconds: smoke ? 0.5 : 10)
            for workload in SocketBenchmark.workloads where runs(1) {
                for clients in [1, 8, 32] {
                    let vanort = try await socket.socket(workload, clients: clients)
                    let direct = try await socket.baseline(workload, clients: clients)
                    report.socket(workload.name, clients: clients, vanort: vanort, baseline: direct)
                }
            }
            if runs(5) {
                report.cli(try await CLIBenchmark(socketPath: daemon.socketPath, databaseURL: database.url, runs: smoke ? 5 : 51).measure())
            }
            if runs(7) {
                let pages = WebPageBenchmark(socketPath: daemon.socketPath, base: "http://127.0.0.1:\(web)", count: smoke ? 5 : 200)
                report.pages(try await pages.measure())
            }
            if runs(6) {
                let requests = smoke ? 200 : 10_000
                report.pipeline(requests: requests, perSecond: try await PipelineBenchmark(socketPath: daemon.socketPath, requests: requests).reminderAdds())
                try connection.query("DELETE FROM reminder WHERE note LIKE 'pipelined-%'")
            }
        } catch {
            await daemon.stop()
            throw error
        }
        await daemon.stop()

        // 2 and 4 at growing numbers of pending reminders (and visits).
        let levels = smoke ? [(200, 500), (2_000, 2_000)] : [(10_000, 50_000), (100_000, 100_000), (1_000_000, 1_000_000)]
        let lateness = LatenessBenchmark(databaseURL: database.url, probes: smoke ? 20 : 500, spacing: 0.02)
        for (pending, visits) in levels {
            try DataGenerator.addVisits(upTo: visits, connection)
            try DataGenerator.addPendingReminders(upTo: pending, connection)
            guard runs(2) || runs(4) else { continue }
            let (daemon, figures) = try await StartupProbe.start(databaseURL: database.url, pending: pending, visits: visits)
            let late: LatencySummary
            do {
                late = try await lateness.daemon(socketPath: daemon.socketPath)
            } catch {
                await daemon.stop()
                throw error
            }
            report.startup(figures.finished(daemon))
            await daemon.stop()
            report.lateness(pending: pending, vanort: late, baseline: try await lateness.baseline())
        }

        // 8 on a daemon of its own per level: one session, then a thousand sending a few
        // requests each (what the sessions cost), then a thousand sending many (what queued requests add).
        let pipelining = smoke ? [(1, 200), (20, 10), (20, 100), (20, 200)] : [(1, 10_000), (1_000, 10), (1_000, 1_000), (1_000, 10_000)]
        for (sessions, requests) in pipelining where runs(8) {
            report.sessions(try await SessionMemoryBenchmark(databaseURL: database.url, requests: requests).measure(sessions: sessions))
        }

        // 3 among the largest number of pending reminders.
        let burst = BurstBenchmark(databaseURL: database.url, size: smoke ? 2_000 : 100_000)
        for daemons in [1, 2] where runs(3) {
            let peer = daemons == 1 ? try await PgqueuerPeer(databaseURL: database.url, size: burst.size, batch: 500).drain() : nil
            report.burst(size: burst.size, daemons: daemons, vanort: try await burst.daemons(daemons), baseline: try await burst.baseline(daemons), peer: peer)
        }
    }
}
