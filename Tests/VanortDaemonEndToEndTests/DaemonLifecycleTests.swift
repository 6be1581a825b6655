import Foundation
import Testing
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
