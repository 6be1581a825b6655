import Foundation
import Testing
import VanortPostgres
import VanortTestSupport

/// Reminders end to end: real daemons, real time with short offsets, a hook command that
/// writes what it received to a file.
@Suite struct ReminderDeliveryTests {
    /// Runs vanortctl commands that must all succeed.
    private func utc(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    /// Inserts `count` ad-hoc reminders due at `due` straight into the database (as a
    /// burst would arrive), returning nothing; the trigger tells the daemons.
    private func insertReminders(_ database: TestDatabase, count: Int, due: Date) async throws {
        try await database.query(SQL(
            """
            INSERT INTO reminder (due_at, next_attempt_at, note)
            SELECT $1, $1, 'burst ' || n FROM generate_series(1, $2) AS n
            """, due, count))
    }

    @Test func aReminderDueInTwoSecondsIsDeliveredByItsTimerNeverEarly() async throws {
        try await withDaemon { daemon, _ in
            try await RawLineClient.with(socketPath: daemon.socketPath) { client in
                _ = try await client.readLine()
                try await client.send("reminder watch format=json\n")
                #expect(try await client.readLine()?.contains("\"code\":211") == true)
                let due = Date().addingTimeInterval(2)
                let added = try await daemon.ctl(["reminder", "add", "--at", utc(due), "--note", "Boka lokal"])
                #expect(added.exitCode == 0, "\(added.stderr)")
                let line = try #require(try await client.readLine())
                let arrived = Date()
                let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                #expect(object["subject"] as? String == "Påminnelse: Boka lokal")
                // Second precision in --at: the due instant is the whole second.
                let dueSecond = Date(timeIntervalSince1970: due.timeIntervalSince1970.rounded(.down))
                #expect(arrived >= dueSecond, "delivered \(dueSecond.timeIntervalSince(arrived)) s early")
                // The daemon started moments ago, so its one-minute sweep is a minute away: well
                // inside that means the timer fired. Lateness itself is the benchmarks' figure.
                #expect(arrived.timeIntervalSince(dueSecond) < 30, "delivered \(arrived.timeIntervalSince(dueSecond)) s late")
                try await client.send("QUIT\n")
                #expect(try await client.readLine() == "200 BYE")
            }
            let sent = try await daemon.ctl(["reminder", "list", "--state", "sent", "--json"])
            #expect(sent.stdout.contains("Boka lokal"))
        }
    }

    /// Updates wake the daemons (row by row, migration 0008) when a reminder becomes due at
    /// a new instant or a claim is given back; without that the daemon would wait for its
    /// one-minute sweep.
    @Test func aReminderMovedEarlierOrReleasedIsDeliveredWithoutWaitingForTheSweep() async throws {
        try await withDaemon { daemon, database in
            try await database.query(
                "INSERT INTO reminder (due_at, next_attempt_at, note) VALUES (now() + interval '1 hour', now() + interval '1 hour', 'moved')")
            try await database.query(
                """
                INSERT INTO reminder (due_at, next_attempt_at, note, claimed_by, lease_until)
                VALUES (now(), now(), 'released', 'a daemon shutting down', now() + interval '1 hour')
                """)
            // Let the daemon arm its timer for what it knows now (the sweep, a minute away).
            try await Task.sleep(for: .milliseconds(500))
            try await database.query(
                "UPDATE reminder SET due_at = now() + interval '1 second', next_attempt_at = now() + interval '1 second' WHERE note = 'moved'")
            // What a stopping daemon's release does to its unfinished claims.
            try await database.query("UPDATE reminder SET claimed_by = NULL, lease_until = NULL WHERE note = 'released'")
            try await eventually("both reminders sent") {
                try await database.query("SELECT count(*) AS n FROM reminder WHERE state = 'sent'").first?.decode(Int.self, "n") == 2
            }
        }
    }

    @Test func afterSIGKILLTheRestartDeliversEachReminderOnceAndLate() async throws {
        try await TestDatabase.with { database in
            let directory = try DaemonProcess.makeDirectory()
            let file = directory.appendingPathComponent("notified.jsonl").path
            let first = try await DaemonProcess.start(databaseURL: database.url, arguments: notifyArguments(file), directory: directory)
            // Due in 10 s, and the daemon killed at once: even on a loaded machine none is due
            // before it dies.
            let due = Date().addingTimeInterval(10)
            try await insertReminders(database, count: 50, due: due)
            first.signal(SIGKILL)
            _ = try await first.waitForExit()
            // They fall due while no daemon runs.
            try await Task.sleep(for: .seconds(max(due.timeIntervalSinceNow, 0) + 1))
            #expect(try deliveredIDs(file).isEmpty)
            let second = try await DaemonProcess.start(databaseURL: database.url, arguments: notifyArguments(file), directory: directory)
            try await eventually("50 deliveries") { try deliveredIDs(file).count == 50 }
            try await Task.sleep(for: .milliseconds(500))
            let counts = try deliveredIDs(file)
            #expect(counts.count == 50)
            #expect(counts.values.allSatisfy { $0 == 1 }, "\(counts.filter { $0.value > 1 })")
            let late = try await database.query("SELECT min(late_seconds)::float8 AS late FROM reminder WHERE state = 'sent'")
            #expect(try late.first?.decode(Double.self, "late") ?? 0 >= 1.0, "catch-up is marked late")
            await second.stop()
        }
    }

    @Test func aDaemonKilledMidBurstLosesNothingAndFlagsWhatItMayHaveSent() async throws {
        try await TestDatabase.with { database in
            let directory = try DaemonProcess.makeDirectory()
            let file = directory.appendingPathComponent("notified.jsonl").path
            let arguments = notifyArguments(file, extra: ["--reminder-lease", "2"])
            let first = try await DaemonProcess.start(databaseURL: database.url, arguments: arguments, directory: directory)
            try await insertReminders(database, count: 300, due: Date().addingTimeInterval(1))
            try await eventually("the burst to begin") { try deliveredIDs(file).count >= 20 }
            first.signal(SIGKILL)
            _ = try await first.waitForExit()
            let second = try await DaemonProcess.start(databaseURL: database.url, arguments: arguments, directory: directory)
            try await eventually("every reminder sent") {
                try await database.query("SELECT count(*) AS n FROM reminder WHERE state <> 'sent'").first?.decode(Int.self, "n") == 0
            }
            let all = try deliveredIDs(file)
            #expect(all.count == 300, "none lost")
            let firstDeliveries = try deliveredIDs(file, firstOnly: true)
            #expect(firstDeliveries.values.allSatisfy { $0 == 1 }, "a reminder sent twice without the redelivery flag")
            await second.stop()
        }
    }

    /// Reminder ids in a daemon's log, each with whether that line said `redelivery=true`.
    private func loggedReminders(_ log: String) -> [(id: Int, redelivery: Bool)] {
        log.split(separator: "\n").compactMap { line in
            guard line.contains(" reminder"), let range = line.range(of: " reminder=") else { return nil }
            let id = Int(line[range.upperBound...].prefix { $0.isNumber })
            return id.map { ($0, line.contains("redelivery=true")) }
        }
    }

    @Test func aDaemonKilledMidBurstOnTheLogChannelLosesNothingAndFlagsWhatItMayHaveLogged() async throws {
        try await TestDatabase.with { database in
            let directory = try DaemonProcess.makeDirectory()
            // Only in-process channels: batches are held by row locks, not leased.
            let first = try await DaemonProcess.start(databaseURL: database.url, arguments: ["--log-level", "info"], directory: directory)
            try await insertReminders(database, count: 20_000, due: Date().addingTimeInterval(1))
            try await eventually("the burst to begin") { loggedReminders(first.log).count >= 1_000 }
            first.signal(SIGKILL)
            _ = try await first.waitForExit()
            let beforeKill = loggedReminders(first.log)
            let second = try await DaemonProcess.start(databaseURL: database.url, arguments: ["--log-level", "info"], directory: directory)
            try await eventually("every reminder sent") {
                try await database.query("SELECT count(*) AS n FROM reminder WHERE state <> 'sent'").first?.decode(Int.self, "n") == 0
            }
            let lines = beforeKill + loggedReminders(second.log)
            let unflagged = Dictionary(grouping: lines.filter { !$0.redelivery }, by: \.id).mapValues(\.count)
            #expect(Set(lines.map(\.id)).count == 20_000, "none lost")
            #expect(unflagged.values.allSatisfy { $0 == 1 }, "a reminder logged twice without the redelivery flag")
            // The register records each once: the killed daemon's batch rolled back with it.
            let recorded = try await database.query(
                "SELECT count(*) AS n, count(DISTINCT reminder_id) AS distinct_ids FROM delivery WHERE channel = 'log'").first
            #expect(try recorded?.decode(Int.self, "n") == 20_000)
            #expect(try recorded?.decode(Int.self, "distinct_ids") == 20_000)
            let flagged = Set(lines.filter(\.redelivery).map(\.id))
            let flaggedInRegister = try await database.query("SELECT id FROM reminder WHERE redelivery").map { try $0.decode(Int.self, "id") }
            #expect(Set(flaggedInRegister) == flagged)
            #expect(try await database.query("SELECT count(*) AS n FROM delivery_batch").first?.decode(Int.self, "n") == 0)
            await second.stop()
        }
    }

    @Test func twoDaemonsDeliverAThousandSimultaneousRemindersExactlyOnce() async throws {
        try await TestDatabase.with { database in
            let directory = try DaemonProcess.makeDirectory()
            let file = directory.appendingPathComponent("notified.jsonl").path
            let one = try await DaemonProcess.start(databaseURL: database.url, arguments: notifyArguments(file), directory: directory)
            let two = try await DaemonProcess.start(
                databaseURL: database.url, arguments: notifyArguments(file),
                socketPath: directory.appendingPathComponent("two.sock").path, directory: directory)
            try await insertReminders(database, count: 1000, due: Date().addingTimeInterval(2))
            try await eventually("1000 deliveries") { try deliveredIDs(file).count == 1000 }
            try await Task.sleep(for: .milliseconds(500))
            let counts = try deliveredIDs(file)
            #expect(counts.count == 1000)
            #expect(counts.values.allSatisfy { $0 == 1 }, "\(counts.filter { $0.value > 1 }.count) delivered twice")
            let daemons = try await database.query("SELECT count(DISTINCT daemon) AS n FROM delivery").first?.decode(Int.self, "n")
            #expect(daemons == 2, "both daemons took part")
            await one.stop()
            await two.stop()
        }
    }

    @Test func aFailingMailCommandIsRetriedAndRecordedWhileTheOtherChannelsDeliver() async throws {
        try await TestDatabase.with { database in
            let directory = try DaemonProcess.makeDirectory()
            let file = directory.appendingPathComponent("notified.jsonl").path
            let daemon = try await DaemonProcess.start(
                databaseURL: database.url,
                arguments: notifyArguments(file, extra: [
                    "--sendmail-command", "cat > /dev/null; echo 'mail relay unreachable' >&2; exit 75",
                    "--reminder-retry", "1", "--reminder-max-attempts", "3",
                ]),
                directory: directory)
            #expect(try await daemon.ctl(["contact", "add", "--name", "Anna Berg", "--staff", "true", "--email", "anna@example.org"]).exitCode == 0)
            let added = try await daemon.ctl(["reminder", "add", "--at", utc(Date().addingTimeInterval(1)), "--note", "Ring Utena", "--to", "Anna Berg"])
            #expect(added.exitCode == 0, "\(added.stderr)")
            try await eventually("the reminder to fail") {
                try await database.query("SELECT state FROM reminder").first?.decode(String.self, "state") == "failed"
            }
            let rows = try await database.query(
                "SELECT channel, result, count(*) AS n, max(error) AS error FROM delivery GROUP BY 1, 2 ORDER BY 1, 2")
            let summary = try rows.map { "\(try $0.decode(String.self, "channel"))/\(try $0.decode(String.self, "result"))=\(try $0.decode(Int.self, "n"))" }
            #expect(summary == ["email/failed=3", "log/sent=1", "notify/sent=1"])
            #expect(try rows.first?.decode(String.self, "error").contains("mail relay unreachable") == true)
            #expect(try deliveredIDs(file) == [1: 1], "the hook got it once, on the first attempt")
            let status = try await daemon.ctl(["status", "--json"])
            #expect(status.stdout.contains("\"failed\":1"), "\(status.stdout)")
            await daemon.stop()
        }
    }

    @Test func changingAVisitsDatesMovesItsRemindersAndCancellingCancelsThem() async throws {
        try await withDaemon { daemon, _ in
            try await succeed(daemon, [
                ["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
                ["city", "add", "--name", "Utena", "--country", "LT", "--timezone", "Europe/Vilnius"],
                ["visit", "add", "--city", "Utena", "--direction", "incoming", "--from", "2031-05-03", "--to", "2031-05-07"],
            ])
            func pending() async throws -> [String] {
                let list = try await daemon.ctl(["reminder", "list", "--about", "visit:1", "--state", "pending", "--csv"])
                // CSV lines end in CRLF, one Character in Swift.
                return list.stdout.split(whereSeparator: \.isNewline).dropFirst().map { line in
                    let cells = line.split(separator: ",", omittingEmptySubsequences: false)
                    return "\(cells[0]) \(cells[1]) \(cells[3])"
                }
            }
            #expect(try await pending() == [
                "1 2031-04-19T09:00:00+02:00 visit-14-days-before", "2 2031-05-01T09:00:00+02:00 visit-2-days-before",
                "3 2031-05-14T09:00:00+02:00 visit-follow-up",
            ])
            #expect(try await daemon.ctl(["visit", "update", "1", "--from", "2031-11-03", "--to", "2031-11-04"]).exitCode == 0)
            // Same reminders, new times, shown in Linköping's time (winter time from 26 October).
            #expect(try await pending() == [
                "1 2031-10-20T09:00:00+02:00 visit-14-days-before", "2 2031-11-01T09:00:00+01:00 visit-2-days-before",
                "3 2031-11-11T09:00:00+01:00 visit-follow-up",
            ])
            #expect(try await daemon.ctl(["visit", "update", "1", "--status", "cancelled"]).exitCode == 0)
            #expect(try await pending().isEmpty)
            let cancelled = try await daemon.ctl(["reminder", "list", "--state", "cancelled", "--csv"])
            #expect(cancelled.stdout.split(whereSeparator: \.isNewline).count == 4)
        }
    }

    @Test func aNewRuleOnlyPlansTheFutureAndARuleOfTwoThirtyLandsOnTheDSTInstants() async throws {
        try await withDaemon { daemon, database in
            try await succeed(daemon, [
                ["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
                ["city", "add", "--name", "Kecskemét", "--country", "HU", "--timezone", "Europe/Budapest"],
                ["visit", "add", "--city", "Kecskemét", "--direction", "outgoing", "--from", "2027-03-29", "--to", "2027-03-30"],
                ["visit", "add", "--city", "Kecskemét", "--direction", "outgoing", "--from", "2027-11-01", "--to", "2027-11-02"],
                ["visit", "add", "--city", "Kecskemét", "--direction", "outgoing", "--from", "2020-01-01", "--to", "2020-01-02"],
                ["rule", "add", "--name", "night-before", "--event", "visit", "--days", "1", "--at", "02:30", "--timezone", "Europe/Stockholm"],
            ])
            let rows = try await database.query(
                "SELECT about_id, due_at FROM reminder r JOIN reminder_rule g ON g.id = r.rule_id WHERE g.name = 'night-before' ORDER BY 1")
            let planned = try rows.map { "\(try $0.decode(Int.self, "about_id")) \(utc(try $0.decode(Date.self, "due_at")))" }
            #expect(planned == ["1 2027-03-28T01:00:00Z", "2 2027-10-31T00:30:00Z"], "the 2020 visit gets nothing")
        }
    }

    /// Rules without a zone of their own keep the home city's wall clock: when its zone
    /// changes, their pending reminders move to the new instants (same ids); rules with a
    /// zone, and other cities' zones, change nothing.
    @Test func changingTheHomeCitysZoneMovesTheRemindersThatKeepItsTime() async throws {
        try await withDaemon { daemon, database in
            try await succeed(daemon, [
                ["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
                ["city", "add", "--name", "Kecskemét", "--country", "HU", "--timezone", "Europe/Budapest"],
                ["rule", "add", "--name", "stockholm-time", "--event", "visit", "--days", "3", "--at", "09:00", "--timezone", "Europe/Stockholm"],
                ["visit", "add", "--city", "Kecskemét", "--direction", "outgoing", "--from", "2031-12-10", "--to", "2031-12-12"],
            ])
            func planned() async throws -> [String: String] {
                let rows = try await database.query(
                    """
                    SELECT r.id, g.name, r.due_at FROM reminder r JOIN reminder_rule g ON g.id = r.rule_id
                    WHERE r.state = 'pending' ORDER BY r.id
                    """)
                return try Dictionary(uniqueKeysWithValues: rows.map {
                    ("\(try $0.decode(Int.self, "id")) \(try $0.decode(String.self, "name"))", utc(try $0.decode(Date.self, "due_at")))
                })
            }
            let before = try await planned()
            #expect(before.values.contains("2031-11-26T08:00:00Z"), "14 days before at 09:00 Stockholm: \(before)")
            try await succeed(daemon, [["city", "update", "Kecskemét", "--timezone", "Europe/Vienna"]])
            #expect(try await planned() == before, "another city's zone changes nothing")

            // An impossible zone is refused naming the field, and nothing moves.
            let bad = try await daemon.ctl(["city", "update", "Linköping", "--timezone", "Mars/Olympus_Mons"])
            #expect(bad.exitCode == 1 && bad.stderr.contains("422 INVALID timezone"), "\(bad.stderr)")
            #expect(try await planned() == before)

            try await succeed(daemon, [["city", "update", "Linköping", "--timezone", "Europe/Helsinki"]])
            let after = try await planned()
            #expect(Set(after.keys) == Set(before.keys), "the same reminders, moved")
            for (key, due) in before {
                if key.hasSuffix("stockholm-time") {
                    #expect(after[key] == due, "\(key) keeps its own zone")
                } else {
                    let moved = try #require(after[key].flatMap { ISO8601DateFormatter().date(from: $0) })
                    let old = try #require(ISO8601DateFormatter().date(from: due))
                    #expect(old.timeIntervalSince(moved) == 3600, "\(key): \(due) → \(after[key] ?? "none")")
                }
            }
        }
    }

    @Test func badReminderInputNamesTheFieldAndChangesNothing() async throws {
        try await withDaemon { daemon, database in
            let cases: [([String], Int32, String)] = [
                (["reminder", "add", "--at", "2027-02-30T09:00", "--note", "x"], 1, "422 INVALID"),
                (["reminder", "add", "--at", "2020-01-01T09:00", "--note", "x"], 1, "in the past"),
                (["--lang", "sv", "reminder", "add", "--at", "2020-01-01T09:00", "--note", "x"], 1, "har redan passerat"),
                (["reminder", "add", "--at", "2031-01-01T09:00", "--about", "visit:99"], 1, "no such visit"),
                (["reminder", "add", "--at", "2031-01-01T09:00"], 1, "note"),
                (["reminder", "ack", "12"], 1, "404"),
                (["reminder", "snooze", "1"], 1, "until"),
                (["rule", "add", "--name", "x", "--event", "visit", "--of", "due"], 1, "of"),
                (["reminder", "frobnicate"], 64, "no verb"),
            ]
            for (arguments, code, text) in cases {
                let result = try await daemon.ctl(arguments)
                #expect(result.exitCode == code, "\(arguments): \(result.stderr)")
                #expect(result.stderr.contains(text), "\(arguments): \(result.stderr)")
            }
            #expect(try await daemon.ctl(["reminder", "add", "--at", "2031-01-01T09:00", "--note", "fine"]).exitCode == 0)
            let ack = try await daemon.ctl(["reminder", "ack", "1"])
            #expect(ack.exitCode == 1 && ack.stderr.contains("409"), "\(ack.stderr)")
            let count = try await database.query("SELECT count(*) AS n FROM reminder").first?.decode(Int.self, "n")
            #expect(count == 1)
            let snooze = try await daemon.ctl(["reminder", "snooze", "1", "--until", "2031-02-01T09:00", "--json"])
            #expect(snooze.stdout.contains("\"next_attempt_at\":\"2031-02-01T09:00:00+01:00\""), "\(snooze.stdout) \(snooze.stderr)")
            let cancel = try await daemon.ctl(["reminder", "cancel", "1", "--json"])
            #expect(cancel.stdout.contains("\"state\":\"cancelled\""))
            let again = try await daemon.ctl(["reminder", "cancel", "1"])
            #expect(again.exitCode == 1 && again.stderr.contains("409"))
        }
    }
}
