import Foundation
import Testing
import VanortPostgres
import VanortTestSupport

/// PostgreSQL fails over under a running daemon: a primary and its synchronous streaming
/// standby (deploy/failover-pair.sh: pg_basebackup), the daemon given both hosts with
/// `target_session_attrs=read-write`. The primary dies while reminders fall due, the
/// standby is promoted, and the daemon follows by itself.
@Suite(.serialized) struct FailoverTests {
    /// The pair's control script, which deploy/test.sh names.
    static let pair = ProcessInfo.processInfo.environment["VANORT_TEST_FAILOVER"]
    static let primaryPort = 5496, standbyPort = 5497

    private func run(_ verb: String) async throws {
        let status = try await CommandResult.shellStatus("\(Self.pair ?? "false") \(verb)")
        guard status == 0 else { throw TestSupportError("failover-pair.sh \(verb) exited with \(status)") }
    }

    private func count(_ sql: SQL, on url: String) async throws -> Int {
        try await onThread {
            let connection = try PostgresConnection(url: url, applicationName: "vanort-tests", connectTimeoutSeconds: 5)
            defer { connection.close() }
            return try connection.query(sql).first?.decode(Int.self, "n") ?? -1
        }
    }

    @Test(.enabled(if: pair != nil, "needs VANORT_TEST_FAILOVER from deploy/test.sh"), .timeLimit(.minutes(3)))
    func whenThePrimaryDiesTheDaemonFollowsThePromotedStandbyAndDeliversEveryReminderOnce() async throws {
        try await run("create")
        do {
            let database = try await onThread { try TestDatabase.create(on: "postgresql:///postgres?port=\(Self.primaryPort)") }
            let standby = "postgresql:///\(database.name)?port=\(Self.standbyPort)"
            let directory = try DaemonProcess.makeDirectory()
            let file = directory.appendingPathComponent("notified.jsonl").path
            let url = "host=/var/run/postgresql,/var/run/postgresql port=\(Self.primaryPort),\(Self.standbyPort) dbname=\(database.name) target_session_attrs=read-write"
            let daemon = try await DaemonProcess.start(
                databaseURL: url, arguments: notifyArguments(file, extra: ["--database-connect-timeout", "2", "--reminder-lease", "3"]),
                directory: directory)
            // 300 reminders falling due one every 20 ms from 2 s on: the primary dies mid-stream.
            try await database.query(
                """
                INSERT INTO reminder (due_at, next_attempt_at, note)
                SELECT now() + interval '2 s' + n * interval '20 ms', now() + interval '2 s' + n * interval '20 ms', 'failover ' || n
                FROM generate_series(1, 300) AS n
                """)
            try await eventually("the first deliveries") { try deliveredIDs(file).count >= 30 }
            try await run("stop-primary")
            let stopped = ContinuousClock.now
            try await Task.sleep(for: .seconds(1))
            try await run("promote")
            // Reads succeed only on a read-write server, so this is the new primary answering.
            try await eventually("a command answered by the new primary", within: .seconds(30)) {
                try await daemon.ctl(["city", "list"]).exitCode == 0
            }
            let followed = ContinuousClock.now - stopped
            let added = try await daemon.ctl(["city", "add", "--name", "Utena", "--country", "LT", "--timezone", "Europe/Vilnius"])
            #expect(added.exitCode == 0, "\(added.stderr)")
            try await eventually("every reminder sent on the new primary", within: .seconds(60)) {
                try await count("SELECT count(*) AS n FROM reminder WHERE state <> 'sent'", on: standby) == 0
            }
            try await Task.sleep(for: .milliseconds(500))
            let all = try deliveredIDs(file), first = try deliveredIDs(file, firstOnly: true)
            #expect(all.count == 300, "none lost")
            #expect(first.values.allSatisfy { $0 == 1 }, "\(first.filter { $0.value > 1 }.count) delivered twice without the redelivery flag")
            #expect(try await count("SELECT count(*) AS n FROM city WHERE name = 'Utena'", on: standby) == 1)
            #expect(followed < .seconds(20), "followed the new primary after \(followed)")
            print("failover: the daemon answered on the new primary \(followed) after the primary stopped; \(all.values.reduce(0, +) - all.count) redeliveries flagged")
            await daemon.stop()
        } catch {
            try? await run("drop")
            throw error
        }
        try await run("drop")
    }
}
