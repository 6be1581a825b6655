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
