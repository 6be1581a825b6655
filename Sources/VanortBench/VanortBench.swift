import ArgumentParser
import Foundation
import VanortPostgres
import VanortTestSupport

/// `vanort-bench`: vanort's figures next to their baselines, measured in one run on this
/// machine, printed and written to docs/benchmarks.md. Run it on a release build:
/// `swift build -c release && .build/release/vanort-bench`.
@main
struct VanortBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vanort-bench", abstract: "Measure vanort against its baselines and write docs/benchmarks.md.")

    @Flag(help: "Tiny sizes and short runs, to check that the harness works (CI).") var smoke = false
    @Option(help: "Where to write the report (default: docs/benchmarks.md; none with --smoke).") var out: String?
    @Option(help: "A PostgreSQL maintenance database to create the benchmark database on.") var databaseURL = TestDatabase.adminURL

    func run() async throws {
        let seconds = smoke ? 0.5 : 10
        let database = try TestDatabase.create(on: databaseURL)
        let daemon = try await DaemonProcess.start(databaseURL: database.url, arguments: ["--log-level", "warning", "--pool-size", "8"])
        var report = BenchmarkReport(smoke: smoke)
        do {
            let generator = smoke ? DataGenerator(visits: 500, exchanges: 100) : DataGenerator(visits: 50_000, exchanges: 10_000)
            try generator.fill(database.connect())
            report.note("Data: 50 cities, 200 associations, \(generator.visits) visits and \(generator.exchanges) exchanges over ten years.")

            let socket = SocketBenchmark(socketPath: daemon.socketPath, databaseURL: database.url, seconds: seconds)
            for workload in SocketBenchmark.workloads {
                for clients in [1, 8, 32] {
                    let vanort = try await socket.socket(workload, clients: clients)
                    let direct = try await socket.baseline(workload, clients: clients)
                    report.socket(workload.name, clients: clients, vanort: vanort, baseline: direct)
                }
            }
            let cli = try await CLIBenchmark(socketPath: daemon.socketPath, databaseURL: database.url, runs: smoke ? 5 : 51).measure()
            report.cli(cli)
        } catch {
            await daemon.stop()
            try? database.drop()
            throw error
        }
        await daemon.stop()
        try? database.drop()
        print(report.markdown)
        if let path = out ?? (smoke ? nil : "docs/benchmarks.md") {
            try report.markdown.write(toFile: path, atomically: true, encoding: .utf8)
            print("written to \(path)")
        }
    }
}
