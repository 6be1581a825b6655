import Foundation
import Testing
import VanortTestSupport

/// Instants through vanortctl: shown in the home municipality's zone (or the viewer's), in
/// one format that every time option reads back.
@Suite struct LocalTimeDisplayTests {
    static func json(_ result: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout) \(result.stderr)")
    }

    @Test func remindersAndTokensAreShownInLocalTimeAndWhatIsShownCanBeTypedBack() async throws {
        try await withDaemon { daemon, _ in
            #expect(try await daemon.ctl(["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"]).exitCode == 0)
            let added = try Self.json(try await daemon.ctl(["--json", "reminder", "add", "--at", "2027-12-03T10:00", "--note", "Julmöte"]))
            let shown = try #require(added["due_at"] as? String)
            #expect(shown == "2027-12-03T10:00:00+01:00")

            // What was printed is accepted as input, fractional seconds and Z too.
            for typed in [shown, "2027-12-03T09:00:00.000Z", "2027-12-03T10:00:00+0100"] {
                let snoozed = try Self.json(try await daemon.ctl(["--json", "reminder", "snooze", "1", "--until", typed]))
                #expect(snoozed["next_attempt_at"] as? String == "2027-12-03T10:00:00+01:00", "\(typed)")
            }
            // A bare date is that day at the reminder's time of day (09:00 without a rule), not midnight.
            let day = try Self.json(try await daemon.ctl(["--json", "reminder", "snooze", "1", "--until", "2027-12-10"]))
            #expect(day["next_attempt_at"] as? String == "2027-12-10T09:00:00+01:00")

            // The viewer's zone: --timezone before the command, or TZ.
            let vilnius = try Self.json(try await daemon.ctl(["--json", "--timezone", "Europe/Vilnius", "reminder", "show", "1"]))
            #expect(vilnius["due_at"] as? String == "2027-12-03T11:00:00+02:00")
            let chicago = try Self.json(try await daemon.ctl(["--json", "reminder", "show", "1"], environment: ["TZ": "America/Chicago"]))
            #expect(chicago["due_at"] as? String == "2027-12-03T03:00:00-06:00")
            let bad = try await daemon.ctl(["--timezone", "Mars/Olympus_Mons", "reminder", "show", "1"])
            #expect(bad.exitCode == 1 && bad.stderr.contains("422 INVALID zone"), "\(bad.stderr)")

            // A token expiring on a day is good through that day, shown in local time.
            let token = try Self.json(try await daemon.ctl(["--json", "token", "create", "--role", "staff", "--expires", "2027-12-31"]))
            #expect(token["expires_at"] as? String == "2028-01-01T00:00:00+01:00", "\(token)")

            // The preview, in the same format.
            let preview = try await daemon.ctl(["--json", "reminder", "preview", "--days", "3650"])
            #expect(preview.stdout.contains("2027-12-03T10:00:00+01:00"), "\(preview.stdout)")
        }
    }
}
