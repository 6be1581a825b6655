import Foundation
import Testing
import VanortPostgres
import VanortTestSupport

/// Start-up, socket ownership, signals and configuration reload of the real binary.
@Suite struct DaemonLifecycleTests {
    @Test func aSecondDaemonOnALiveSocketRefusesToStart() async throws {
        try await withDaemon { daemon, database in
            let second = try await DaemonProcess.start(
                databaseURL: database.url, socketPath: daemon.socketPath, directory: daemon.directory, waitForSocket: false)
            let status = try await second.waitForExit()
            #expect(status == 1)
            #expect(second.log.contains("another vanortd is already listening"))
            // The first one is untouched.
            #expect(try await daemon.ctl(["ping"]).exitCode == 0)
        }
    }

    @Test func aStaleSocketFileIsReplaced() async throws {
        try await TestDatabase.with { database in
            let directory = try DaemonProcess.makeDirectory()
            let path = directory.appendingPathComponent("admin.sock").path
            let first = try await DaemonProcess.start(databaseURL: database.url, socketPath: path, directory: directory)
            first.signal(SIGKILL)
            _ = try await first.waitForExit()
            #expect(FileManager.default.fileExists(atPath: path))
            let second = try await DaemonProcess.start(databaseURL: database.url, socketPath: path, directory: directory)
            #expect(try await second.ctl(["ping"]).exitCode == 0)
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            #expect((attributes[.posixPermissions] as? Int) == 0o660)
            await second.stop()
        }
    }

    @Test func sigtermExitsZeroAndRemovesTheSocket() async throws {
        try await TestDatabase.with { database in
            let daemon = try await DaemonProcess.start(databaseURL: database.url)
            try await RawLineClient.with(socketPath: daemon.socketPath) { idle in
                _ = try await idle.readLine()
                daemon.signal(SIGTERM)
                // The idle session is closed, not left hanging.
                #expect(try await idle.readLine() == nil)
            }
            #expect(try await daemon.waitForExit() == 0)
            #expect(!FileManager.default.fileExists(atPath: daemon.socketPath))
            #expect(daemon.log.contains("vanortd stopped"))
            await daemon.stop()
        }
    }

    /// The service group's order: SIGTERM closes the listeners first (no new session), the
    /// command under way still gets its answer, and only then do scheduler and pool stop.
    @Test func atSIGTERMTheCommandUnderWayIsAnsweredBeforeTheDaemonStops() async throws {
        try await TestDatabase.with { database in
            let daemon = try await DaemonProcess.start(databaseURL: database.url)
            let release = DispatchSemaphore(value: 0)
            let holder = Task {
                try await database.withConnection { connection in
                    _ = try connection.query("BEGIN")
                    _ = try connection.query("LOCK TABLE city IN ACCESS EXCLUSIVE MODE")
                    _ = release.wait(timeout: .now() + 120)
                    _ = try connection.query("COMMIT")
                }
            }
            try await RawLineClient.with(socketPath: daemon.socketPath) { client in
                _ = try await client.readLine()
                try await eventually("the lock on the cities") { try await Self.count(database, "pg_locks WHERE relation = 'city'::regclass AND granted") > 0 }
                try await client.send("city list\n")
                try await eventually("the command waiting on the lock") {
                    try await Self.count(database, "pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()") > 0
                }
                daemon.signal(SIGTERM)
                try await eventually("the listener closed") {
                    (try? await RawLineClient.with(socketPath: daemon.socketPath) { try await $0.readLine() }) == nil
                }
                #expect(daemon.process.isRunning, "the daemon waits for the command under way")
                release.signal()
                let answer = try await client.readLine()
                #expect(answer?.hasPrefix("210 ROWS") == true, "the command under way was answered: \(answer ?? "nothing")")
            }
            #expect(try await daemon.waitForExit() == 0)
            #expect(daemon.log.contains("vanortd stopped"))
            try await holder.value
            await daemon.stop()
        }
    }

    static func count(_ database: TestDatabase, _ from: StaticString) async throws -> Int {
        var sql: SQL = "SELECT count(*)::int AS n FROM "
        sql.append(SQL(stringLiteral: from))
        return try await database.query(sql).first?.decode(Int.self, "n") ?? 0
    }

    @Test func sighupReloadsLimitsFromTheConfigurationFile() async throws {
        try await TestDatabase.with { database in
            let directory = try DaemonProcess.makeDirectory()
            let config = directory.appendingPathComponent("vanortd.conf")
            try "# test\nmax-clients = 1\n".write(to: config, atomically: true, encoding: .utf8)
            let daemon = try await DaemonProcess.start(databaseURL: database.url, arguments: ["--config", config.path], directory: directory)
            try await RawLineClient.with(socketPath: daemon.socketPath) { first in
                _ = try await first.readLine()
                try await RawLineClient.with(socketPath: daemon.socketPath) { second in
                    let busy = try await second.readLine()
                    #expect(busy?.hasPrefix("429 BUSY") == true)
                }
                try "max-clients = 3\n".write(to: config, atomically: true, encoding: .utf8)
                daemon.signal(SIGHUP)
                try await eventually("the reload") { daemon.log.contains("configuration reloaded") }
                try await RawLineClient.with(socketPath: daemon.socketPath) { second in
                    let greeting = try await second.readLine()
                    #expect(greeting?.hasPrefix("200 VANORT") == true)
                }
            }
            await daemon.stop()
        }
    }

    @Test func aBadSettingStopsStartUpNamingTheKey() async throws {
        let result = try await CommandResult.run(
            DaemonProcess.binDirectory.appendingPathComponent("vanortd"), ["check-config", "--max-clients", "lots"])
        #expect(result.exitCode == 1)
        #expect(result.stderr.contains("max-clients 'lots' must be a whole number"))
    }

    @Test func aMistypedSettingIsAUsageErrorSuggestingTheSetting() async throws {
        let vanortd = DaemonProcess.binDirectory.appendingPathComponent("vanortd")
        let typo = try await CommandResult.run(vanortd, ["check-config", "--max-clinets", "3"])
        #expect(typo.exitCode == 64)
        #expect(typo.stderr.contains("no setting --max-clinets; did you mean --max-clients?"), "\(typo.stderr)")
        let missing = try await CommandResult.run(vanortd, ["check-config", "--pool-size"])
        #expect(missing.exitCode == 64)
        #expect(missing.stderr.contains("--pool-size needs a value"), "\(missing.stderr)")
        let both = try await CommandResult.run(vanortd, ["check-config", "--pool-size=7", "--log-level", "debug"])
        #expect(both.exitCode == 0, "\(both.stderr)")
        #expect(both.stdout.contains("pool-size = 7\n") && both.stdout.contains("log-level = debug\n"))
    }

    @Test func migrateAppliesAndExits() async throws {
        try await TestDatabase.with { database in
            let bin = DaemonProcess.binDirectory.appendingPathComponent("vanortd")
            let first = try await CommandResult.run(bin, ["migrate", "--database-url", database.url])
            #expect(first.exitCode == 0)
            #expect(first.stdout.hasPrefix("applied migrations 1"))
            let second = try await CommandResult.run(bin, ["migrate", "--database-url", database.url])
            #expect(second.stdout == "schema is up to date\n")
        }
    }
}
