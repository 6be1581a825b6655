import Foundation
import Testing
import VanortTestSupport

/// vanortctl against a real daemon: output shapes and exit codes.
@Suite struct VanortctlTests {
    @Test func pingAndStatusJSONHaveTheContractShape() async throws {
        try await withDaemon { daemon, _ in
            let ping = try await daemon.ctl(["ping"])
            #expect(ping.exitCode == 0)
            #expect(ping.stdout == "PONG\n")

            let status = try await daemon.ctl(["--json", "status"])
            #expect(status.exitCode == 0)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["version", "uptime_seconds", "database", "reminders", "connections"])
            let database = try #require(object["database"] as? [String: Any])
            #expect(database["reachable"] as? Bool == true)
            #expect((database["schema_version"] as? Int).map { $0 >= 1 } == true)
            #expect(database["latency_ms"] is NSNumber)
            let reminders = try #require(object["reminders"] as? [String: Any])
            #expect(Set(reminders.keys) == ["pending", "overdue", "failed"])
            #expect(object["connections"] as? Int == 1)
        }
    }

    @Test func theSocketComesFromTheEnvironmentWhenNoFlagIsGiven() async throws {
        try await withDaemon { daemon, _ in
            let result = try await CommandResult.run(
                DaemonProcess.binDirectory.appendingPathComponent("vanortctl"), ["ping"],
                environment: ["VANORT_SOCKET": daemon.socketPath])
            #expect(result.exitCode == 0)
        }
    }

    @Test func statusPipedIsTabSeparatedWithAHeader() async throws {
        try await withDaemon { daemon, _ in
            let status = try await daemon.ctl(["status"])
            let lines = status.stdout.split(separator: "\n")
            #expect(lines.count == 2)
            #expect(lines[0].hasPrefix("version\tuptime_seconds\tdatabase_reachable"))
            let csv = try await daemon.ctl(["status", "--csv"])
            #expect(csv.stdout.hasPrefix("version,uptime_seconds,database_reachable"))
            #expect(csv.stdout.contains("\r\n"))
        }
    }

    @Test func noDaemonIsExitCode2AndAUsageErrorIs64() async throws {
        let bin = DaemonProcess.binDirectory.appendingPathComponent("vanortctl")
        let missing = try await CommandResult.run(bin, ["--socket", "/tmp/vanort-no-such.sock", "ping"])
        #expect(missing.exitCode == 2)
        #expect(missing.stderr.contains("cannot connect to vanortd at /tmp/vanort-no-such.sock"))
        let usage = try await CommandResult.run(bin, ["ping", "--bogus"])
        #expect(usage.exitCode == 64)
        let both = try await CommandResult.run(bin, ["--json", "--csv", "status"])
        #expect(both.exitCode == 64)
    }

    @Test func helpAfterAVerbPrintsTheCommandsHelpWithoutADaemon() async throws {
        let bin = DaemonProcess.binDirectory.appendingPathComponent("vanortctl")
        for arguments in [["exchange", "add", "--help"], ["visit", "update", "3", "-h"], ["reminder", "snooze", "--help"]] {
            let help = try await CommandResult.run(bin, ["--socket", "/tmp/vanort-no-such.sock"] + arguments)
            #expect(help.exitCode == 0, "\(arguments): \(help.stderr)")
            #expect(help.stdout.contains("Verbs:"), "\(arguments): \(help.stdout)")
        }
        let fields = try await CommandResult.run(bin, ["exchange", "add", "--help"]).stdout
        #expect(fields.contains("--grant-reference"), "the noun's fields are listed: \(fields)")
    }

    @Test(.enabled(if: SpareCluster.isAvailable, "needs the spare cluster from deploy/test.sh"))
    func statusFollowsTheDatabaseDownAndBackWithoutARestart() async throws {
        let adminURL = try #require(SpareCluster.adminURL)
        try await SpareCluster.exclusive {
            try await withDaemon(on: adminURL) { daemon, _ in
                func reachable() async throws -> Bool? {
                    let status = try await daemon.ctl(["--json", "status"])
                    let object = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
                    return (object?["database"] as? [String: Any])?["reachable"] as? Bool
                }
                #expect(try await reachable() == true)
                try await SpareCluster.stop()
                #expect(try await reachable() == false)
                #expect(try await daemon.ctl(["ping"]).exitCode == 0)
                let refused = try await daemon.ctl(["city", "add", "--name", "Utena", "--country", "LT", "--timezone", "Europe/Vilnius"])
                #expect(refused.exitCode == 1)
                #expect(refused.stderr.contains("503 DBDOWN"))
                try await SpareCluster.start()
                try await eventually("the daemon to reach the database again", poll: .milliseconds(200)) { try await reachable() == true }
                // Nothing of the refused command was written, and writing works again.
                let cities = try await daemon.ctl(["city", "list"])
                #expect(cities.stdout.split(separator: "\n").count == 1)
                let added = try await daemon.ctl(["city", "add", "--name", "Utena", "--country", "LT", "--timezone", "Europe/Vilnius"])
                #expect(added.exitCode == 0)
            }
        }
    }
}
