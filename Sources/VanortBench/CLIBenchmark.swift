import Foundation
import VanortTestSupport

/// Benchmark 5: the wall time of one `vanortctl` run next to one `psql -c 'select 1'`, each
/// the median of `runs` runs started the same way.
struct CLIBenchmark {
    let socketPath: String
    let databaseURL: String
    let runs: Int

    /// Median seconds of running `executable arguments` `runs` times.
    func median(_ executable: URL, _ arguments: [String]) async throws -> Double {
        var times: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<runs {
            let start = clock.now
            let result = try await CommandResult.run(executable, arguments)
            guard result.exitCode == 0 else { throw BenchmarkError("\(executable.lastPathComponent) \(arguments): \(result.stderr)") }
            times.append((clock.now - start).seconds)
        }
        return times.sorted()[times.count / 2]
    }

    func measure() async throws -> [(String, Double)] {
        let vanortctl = DaemonProcess.binDirectory.appendingPathComponent("vanortctl")
        let env = URL(fileURLWithPath: "/usr/bin/env")
        return [
            ("vanortctl ping", try await median(vanortctl, ["--socket", socketPath, "ping"])),
            ("vanortctl upcoming", try await median(vanortctl, ["--socket", socketPath, "upcoming"])),
            ("psql -c 'select 1'", try await median(env, ["psql", "--no-psqlrc", "-qAt", "-d", databaseURL, "-c", "select 1"])),
        ]
    }
}
