import Foundation
import Testing
import VanortTestSupport

/// Runs `body` with a vanortd on a fresh database, and stops both afterwards.
func withDaemon<T>(
    arguments: [String] = [], on adminURL: String = TestDatabase.adminURL,
    _ body: (DaemonProcess, TestDatabase) async throws -> T
) async throws -> T {
    try await TestDatabase.with(on: adminURL) { database in
        let daemon = try await DaemonProcess.start(databaseURL: database.url, arguments: arguments)
        do {
            let value = try await body(daemon, database)
            await daemon.stop()
            return value
        } catch {
            print(daemon.log)
            await daemon.stop()
            throw error
        }
    }
}

/// Runs vanortctl commands that must all succeed; the first that fails ends the test, naming itself.
func succeed(_ daemon: DaemonProcess, _ commands: [[String]]) async throws {
    for arguments in commands {
        let result = try await daemon.ctl(arguments)
        try #require(result.exitCode == 0, "\(arguments): \(result.stderr)")
    }
}

/// Loads deploy/example-data.sh into a running daemon, as the quickstart does.
func loadExampleData(into daemon: DaemonProcess) async throws {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../deploy/example-data.sh").standardized.path
    let load = try await CommandResult.run(
        URL(fileURLWithPath: "/bin/bash"), [script, DaemonProcess.binDirectory.appendingPathComponent("vanortctl").path],
        environment: ["VANORT_SOCKET": daemon.socketPath])
    #expect(load.exitCode == 0, "\(load.stderr)")
}

/// The date `days` from today in Sweden, as `YYYY-MM-DD`.
func isoDay(fromToday days: Int) -> String {
    let date = Calendar(identifier: .gregorian).date(byAdding: .day, value: days, to: Date()) ?? Date()
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd"
    formatter.timeZone = TimeZone(identifier: "Europe/Stockholm")
    return formatter.string(from: date)
}
