import Foundation
import Testing
import VanortPostgres
import VanortTestSupport

/// GDPR through vanortctl: a person's export, their erasure leaving no trace in a data-only
/// dump, the municipal mode's retention policy, and guardian consent for minors.
@Suite struct PrivacyTests {
    @Test func anExportShowsEverythingAndAnErasureLeavesNoTraceInADataOnlyDump() async throws {
        try await withDaemon { daemon, database in
            try await succeed(daemon, [
                ["city", "add", "--name", "Utena", "--country", "LT", "--timezone", "Europe/Vilnius"],
                ["contact", "add", "--name", "Greta Unikanamn", "--email", "greta.unik@example.org", "--phone", "+46 70 111 22 33", "--staff"],
                ["visit", "add", "--city", "Utena", "--direction", "outgoing", "--from", isoDay(fromToday: 20), "--to", isoDay(fromToday: 22),
                 "--contact", "Greta Unikanamn", "--notes", "Greta Unikanamn booked the hotel"],
                ["exchange", "add", "--title", "Sommarläger", "--city", "Utena", "--from", isoDay(fromToday: 30), "--to", isoDay(fromToday: 37), "--participants", "14"],
                ["participant", "add", "--exchange", "1", "--name", "Pelle Särskildnamn", "--birth-date", "2012-04-05",
                 "--guardian", "Mamma Särskildnamn", "--guardian-email", "mamma.sarskild@example.org", "--special-needs", "gluten"],
                ["reminder", "add", "--at", "2031-01-01T09:00", "--note", "Ring Greta Unikanamn", "--to", "Greta Unikanamn"],
                // Her name in a title, her name and phone as someone else's emergency contact.
                ["exchange", "add", "--title", "Studieresa med Greta Unikanamn", "--city", "Utena", "--from", isoDay(fromToday: 40), "--to", isoDay(fromToday: 44)],
                ["participant", "add", "--exchange", "2", "--name", "Kim Kvar", "--birth-date", "1990-01-01",
                 "--emergency-contact", "Greta Unikanamn +46 70 111 22 33"],
            ])
            let contact = try await daemon.ctl(["person", "export", "--contact", "1"])
            #expect(contact.exitCode == 0, "\(contact.stderr)")
            let contactDocument = try #require(try JSONSerialization.jsonObject(with: Data(contact.stdout.utf8)) as? [String: Any])
            #expect((contactDocument["contact"] as? [String: Any])?["email"] as? String == "greta.unik@example.org")
            #expect((contactDocument["responsible_for_visits"] as? [Any])?.count == 1)
            #expect((contactDocument["reminders"] as? [Any])?.count == 1)
            #expect(((contactDocument["audit_log"] as? [Any])?.count ?? 0) >= 2)
            let participant = try await daemon.ctl(["person", "export", "--participant", "1"])
            let participantDocument = try #require(try JSONSerialization.jsonObject(with: Data(participant.stdout.utf8)) as? [String: Any])
            let record = try #require(participantDocument["participant"] as? [String: Any])
            #expect(record["special_needs"] as? String == "gluten")
            #expect(record["minor"] as? Bool == true)
            #expect((participantDocument["exchange"] as? [String: Any])?["title"] as? String == "Sommarläger")
            #expect(try await daemon.ctl(["person", "export", "--participant", "99"]).stderr.contains("404 NOTFOUND"))

            #expect(try await daemon.ctl(["person", "erase", "--contact", "1"]).exitCode == 0)
            #expect(try await daemon.ctl(["person", "erase", "--participant", "1"]).exitCode == 0)
            let dump = try await CommandResult.run(URL(fileURLWithPath: "/usr/bin/env"), ["pg_dump", "--data-only", "--dbname=\(database.url)"])
            try #require(dump.exitCode == 0, "\(dump.stderr)")
            for trace in ["Unikanamn", "greta.unik", "111 22 33", "Särskildnamn", "mamma.sarskild", "gluten", "2012-04-05"] {
                #expect(!dump.stdout.contains(trace), "'\(trace)' is still in the database")
            }
            // What is not personal stays: the visit, the exchange's counts, anonymous tallies.
            let visit = try await daemon.ctl(["--json", "visit", "show", "1"])
            #expect(visit.stdout.contains(#""notes":"[erased] booked the hotel""#) && visit.stdout.contains(#""contact":null"#), "\(visit.stdout)")
            #expect(try await daemon.ctl(["--json", "exchange", "show", "1"]).stdout.contains(#""participants":14"#))
            #expect(try await daemon.ctl(["--json", "exchange", "show", "2"]).stdout.contains(#""title":"Studieresa med [erased]""#))
            let kim = try await daemon.ctl(["--json", "participant", "show", "2"])
            #expect(kim.stdout.contains(#""emergency_contact":"[erased] [erased]""#), "\(kim.stdout) \(kim.stderr)")
            let tally = try await database.query("SELECT count(*) FILTER (WHERE minor) AS minors, count(*) AS n FROM erased_person").first
            #expect(try tally?.decode(Int.self, "n") == 2)
            #expect(try tally?.decode(Int.self, "minors") == 1)
            #expect(try await daemon.ctl(["audit", "list"]).stdout.contains("person erase contact=1"))
            #expect(try await daemon.ctl(["person", "erase", "--contact", "1"]).stderr.contains("404 NOTFOUND"))
        }
    }

    @Test func theMunicipalModeRefusesErasureAndItsRetentionPolicyPurges() async throws {
        try await TestDatabase.with { database in
            let setup = try await DaemonProcess.start(databaseURL: database.url)
            try await succeed(setup, [
                ["city", "add", "--name", "Rockford", "--country", "US", "--timezone", "America/Chicago"],
                ["exchange", "add", "--title", "Long ago", "--city", "Rockford", "--from", isoDay(fromToday: -110), "--to", isoDay(fromToday: -100)],
                ["exchange", "add", "--title", "Recently", "--city", "Rockford", "--from", isoDay(fromToday: -20), "--to", isoDay(fromToday: -15)],
                ["exchange", "add", "--title", "Coming", "--city", "Rockford", "--from", isoDay(fromToday: 20), "--to", isoDay(fromToday: 25)],
                ["participant", "add", "--exchange", "1", "--name", "Old Timer", "--birth-date", "1980-01-01"],
                ["participant", "add", "--exchange", "2", "--name", "Recent One", "--birth-date", "1980-01-01", "--special-needs", "wheelchair"],
                ["participant", "add", "--exchange", "3", "--name", "Future One", "--birth-date", "1980-01-01", "--special-needs", "vegan"],
            ])
            await setup.stop()

            let daemon = try await DaemonProcess.start(
                databaseURL: database.url,
                arguments: ["--privacy-mode", "municipal", "--retention-days", "30", "--special-needs-retention-days", "10"])
            try await eventually("the retention job's audit entry") {
                try await daemon.ctl(["audit", "list"]).stdout.contains("retention participants-erased=1 special-needs-cleared=1")
            }
            let participants = try await daemon.ctl(["--json", "participant", "list"])
            #expect(!participants.stdout.contains("Old Timer"))
            #expect(participants.stdout.contains(#""name":"Recent One""#) && !participants.stdout.contains("wheelchair"))
            #expect(participants.stdout.contains("vegan"))
            let refused = try await daemon.ctl(["person", "erase", "--participant", "3"])
            #expect(refused.exitCode == 1)
            #expect(refused.stderr.contains("409 CONFLICT privacy-mode is municipal"))
            await daemon.stop()
        }
    }

    @Test func aMinorCannotBeConfirmedOnAnExchangeWithoutGuardianConsent() async throws {
        try await withDaemon { daemon, _ in
            try await succeed(daemon, [
                ["city", "add", "--name", "Lusaka", "--country", "ZM", "--timezone", "Africa/Lusaka"],
                ["exchange", "add", "--title", "Skolutbyte", "--city", "Lusaka", "--from", isoDay(fromToday: 60), "--to", isoDay(fromToday: 70)],
                ["participant", "add", "--exchange", "1", "--name", "Ung Person", "--birth-date", "2013-06-01",
                 "--guardian", "Förälder", "--guardian-phone", "+46701234567"],
                ["participant", "add", "--exchange", "1", "--name", "Yngre Person", "--birth-date", "2014-02-01",
                 "--guardian", "Förälder Två", "--guardian-email", "tva@example.org"],
            ])
            let confirm = try await daemon.ctl(["exchange", "update", "1", "--status", "confirmed"])
            #expect(confirm.exitCode == 1)
            #expect(confirm.stderr.contains("422 INVALID status: ") && confirm.stderr.contains("Ung Person")
                && confirm.stderr.contains("Yngre Person"), "every minor lacking consent is named: \(confirm.stderr)")
            let owed = try await daemon.ctl(["--json", "exchange", "list", "--consent-missing", "true"])
            #expect(owed.stdout.contains("Skolutbyte"), "\(owed.stdout) \(owed.stderr)")
            let future = try await daemon.ctl(["participant", "update", "1", "--consent-date", isoDay(fromToday: 5), "--consent-by", "Förälder"])
            #expect(future.exitCode == 1 && future.stderr.contains("422 INVALID consent-date: ") && future.stderr.contains("future"), "\(future.stderr)")
            #expect(try await daemon.ctl(["--json", "exchange", "show", "1"]).stdout.contains(#""status":"planned""#))

            try await succeed(daemon, [
                ["participant", "update", "1", "--consent-date", isoDay(fromToday: 0), "--consent-by", "Förälder"],
                ["participant", "update", "2", "--consent-date", isoDay(fromToday: -1), "--consent-by", "Förälder Två"],
                ["exchange", "update", "1", "--status", "confirmed"],
            ])
            #expect(try await daemon.ctl(["--json", "exchange", "list", "--consent-missing", "true"]).stdout == "[]\n")
            let late = try await daemon.ctl(["participant", "add", "--exchange", "1", "--name", "Sen Anmälan", "--birth-date", "2014-01-01",
                                             "--guardian", "Annan Förälder", "--guardian-email", "annan@example.org"])
            #expect(late.exitCode == 1)
            #expect(late.stderr.contains("422 INVALID consent-date: "), "\(late.stderr)")
            // An adult needs no guardian.
            try await succeed(daemon, [["participant", "add", "--exchange", "1", "--name", "Vuxen Ledare", "--birth-date", "1975-01-01", "--role", "leader"]])
        }
    }
}
