import Foundation

/// The burst's peer (issue 14): pgqueuer, a PostgreSQL job queue from PyPI, drains the same
/// number of jobs queued at once on the same PostgreSQL (`deploy/bench/pgqueuer-burst.py`).
/// It is installed into a virtual environment of the benchmark's own (`.build/bench-venv`),
/// never into the system's Python.
struct PgqueuerPeer {
    let databaseURL: String
    let size: Int
    let batch: Int

    static let environment = ".build/bench-venv"
    static let script = "deploy/bench/pgqueuer-burst.py"

    /// Jobs per second, as the script measures them.
    func drain() async throws -> Double {
        try await Self.install()
        let output = try await Process.output(Self.environment + "/bin/python", [Self.script, databaseURL, String(size), String(batch)])
        struct Figures: Decodable {
            let per_second: Double
        }
        guard let line = output.split(separator: "\n").last,
            let figures = try? JSONDecoder().decode(Figures.self, from: Data(line.utf8))
        else { throw BenchmarkError("pgqueuer's burst printed no figures: \(output.suffix(400))") }
        return figures.per_second
    }

    /// Creates the environment and installs pgqueuer and asyncpg into it when missing.
    static func install() async throws {
        let python = environment + "/bin/python"
        if (try? await Process.output(python, ["-c", "import pgqueuer, asyncpg"])) != nil { return }
        _ = try await Process.output("/usr/bin/env", ["python3", "-m", "venv", environment])
        _ = try await Process.output(python, ["-m", "pip", "install", "-q", "pgqueuer", "asyncpg"])
    }
}
