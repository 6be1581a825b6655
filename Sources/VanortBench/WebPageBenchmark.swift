import Foundation
import VanortClient
import VanortProtocol
import VanortTestSupport

/// Benchmark 7: the web face's pages on the full register (`deploy/bench/web-pages.py`,
/// Python's requests as the browser), each beside the command it runs over the admin
/// socket (the page's cost beyond it is the web face's: session, templates, HTML).
struct WebPageBenchmark {
    let socketPath: String
    let base: String
    let count: Int

    struct Figures {
        var page: String
        var p50: Double
        var p99: Double
        var bytes: Int
        /// The same command over the socket, when the page runs one.
        var command: LatencySummary?
        var commandText: String?
    }

    static let script = "deploy/bench/web-pages.py"

    func measure() async throws -> [Figures] {
        let invited = try await AdminSession.with(socketPath: socketPath) { session in
            try await session.send(line: "account invite email=bench@example.org role=staff format=json")
        }
        guard invited.status == .created, let link = invited.table?.rows.first?.last?.text else {
            throw BenchmarkError("account invite: \(invited.message)")
        }
        let output = try await Process.output("/usr/bin/env", ["python3", Self.script, base, link, "bench@example.org", String(count)])
        guard let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: [String: Any]] else {
            throw BenchmarkError("web-pages.py printed no figures: \(output.suffix(400))")
        }
        func number(_ value: Any?) -> Double { (value as? NSNumber)?.doubleValue ?? .nan }
        let commands = [
            "/agenda": "agenda days=60", "/register/visit (newest 200)": "visit list limit=200",
            "/register/visit?q=study": "visit list limit=200 search=study",
        ]
        var figures: [Figures] = []
        for (page, values) in json.sorted(by: { $0.key < $1.key }) {
            var figure = Figures(page: page, p50: number(values["p50"]), p99: number(values["p99"]), bytes: Int(number(values["bytes"])))
            if let command = commands[page] {
                figure.command = try await self.command(command)
                figure.commandText = command
            }
            figures.append(figure)
        }
        return figures
    }

    /// `count` runs of a command, one after another, over one admin session.
    private func command(_ line: String) async throws -> LatencySummary {
        let clock = ContinuousClock()
        let start = clock.now
        let samples = try await AdminSession.with(socketPath: socketPath) { session in
            var samples: [Double] = []
            for _ in 0..<count {
                let began = clock.now
                let reply = try await session.send(line: line)
                guard !reply.status.isError else { throw BenchmarkError("\(line): \(reply.message)") }
                samples.append((clock.now - began).seconds)
            }
            return samples
        }
        return LatencySummary(latencies: samples, seconds: (clock.now - start).seconds)
    }
}

extension Process {
    /// Runs a program to its end; its standard output, or an error with what it printed.
    static func output(_ program: String, _ arguments: [String]) async throws -> String {
        try await onThread {
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
}
