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
    func drain() throws -> Double {
        try Self.install()
        let output = try Self.run(Self.environment + "/bin/python", [Self.script, databaseURL, String(size), String(batch)])
        struct Figures: Decodable {
            let per_second: Double
        }
        guard let line = output.split(separator: "\n").last,
            let figures = try? JSONDecoder().decode(Figures.self, from: Data(line.utf8))
        else { throw BenchmarkError("pgqueuer's burst printed no figures: \(output.suffix(400))") }
        return figures.per_second
    }

    /// Creates the environment and installs pgqueuer and asyncpg into it when missing.
    static func install() throws {
        let python = environment + "/bin/python"
        if (try? run(python, ["-c", "import pgqueuer, asyncpg"])) != nil { return }
        _ = try run("/usr/bin/env", ["python3", "-m", "venv", environment])
        _ = try run(python, ["-m", "pip", "install", "-q", "pgqueuer", "asyncpg"])
    }

    /// Runs a program to its end; its standard output, or an error with what it printed.
    private static func run(_ program: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = output.fileHandleForReading.readDataToEndOfFile()
        let complained = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkError("\(program) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(String(decoding: complained.suffix(800), as: UTF8.self))")
        }
        return String(decoding: printed, as: UTF8.self)
    }
}
