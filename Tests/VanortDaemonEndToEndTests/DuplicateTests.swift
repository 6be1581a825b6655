import Foundation
import Testing
import VanortTestSupport

/// A record already in the register is not added twice: a 409 naming it, unless the user
/// says `--allow-duplicate`; an export imported again doubles nothing.
@Suite struct DuplicateTests {
    @Test func aCityIsUniquePerCountryIgnoringCaseAndDiacritics() async throws {
        try await withDaemon { daemon, _ in
            try await succeed(daemon, [
                ["city", "add", "--name", "Utena", "--country", "LT", "--timezone", "Europe/Vilnius"],
                ["city", "add", "--name", "Kecskemét", "--country", "HU", "--timezone", "Europe/Budapest"],
            ])
            for (name, country) in [("utena", "LT"), (" UTENA ", "LT"), ("Kecskemet", "HU")] {
                let again = try await daemon.ctl(["city", "add", "--name", name, "--country", country, "--timezone", "Europe/Vilnius", "--allow-duplicate"])
                #expect(again.exitCode == 1, "\(name)")
                #expect(again.stderr.contains("409 CONFLICT this city is already in the register as city"), "\(again.stderr)")
            }
            let named = try await daemon.ctl(["city", "add", "--name", "kecskemét", "--country", "HU", "--timezone", "Europe/Budapest"])
            #expect(named.stderr.contains("city 2 (Kecskemét, HU)"), "\(named.stderr)")
            // Another country may have its own Utena; a rename may not make a twin.
            try await succeed(daemon, [["city", "add", "--name", "Utena", "--country", "US", "--timezone", "America/Chicago"]])
            let rename = try await daemon.ctl(["city", "update", "Kecskemét", "--name", "UTENA", "--country", "LT"])
            #expect(rename.exitCode == 1 && rename.stderr.contains("409 CONFLICT"), "\(rename.stderr)")
            #expect(try await daemon.ctl(["city", "list"]).stdout.split(separator: "\n").count == 4, "header and three cities")
        }
    }

    @Test func aSecondContactAgreementOrParticipantIsRefusedNamingTheFirstUnlessAllowed() async throws {
        try await withDaemon { daemon, _ in
            try await succeed(daemon, [
                ["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
                ["city", "add", "--name", "Lusaka", "--country", "ZM", "--timezone", "Africa/Lusaka"],
                ["contact", "add", "--name", "Anna Berg", "--city", "Linköping", "--staff", "true"],
                ["agreement", "add", "--city", "Lusaka", "--kind", "municipal-partnership", "--since", "2017"],
                ["exchange", "add", "--title", "Skolutbyte", "--city", "Lusaka", "--from", "2027-07-01", "--to", "2027-07-10"],
                ["participant", "add", "--exchange", "1", "--name", "Omar Haddad", "--birth-date", "1990-01-01"],
            ])
            let contact = try await daemon.ctl(["contact", "add", "--name", "anna berg", "--city", "Linköping"])
            #expect(contact.exitCode == 1)
            #expect(contact.stderr.contains("409 CONFLICT this contact is already in the register as contact 1 (Anna Berg)"), "\(contact.stderr)")
            #expect(contact.stderr.contains("--allow-duplicate"))
            let agreement = try await daemon.ctl(["agreement", "add", "--city", "Lusaka", "--kind", "municipal-partnership", "--since", "2017"])
            #expect(agreement.stderr.contains("as agreement 1 (municipal-partnership with Lusaka since 2017)"), "\(agreement.stderr)")
            let participant = try await daemon.ctl(["participant", "add", "--exchange", "1", "--name", "omar haddad", "--birth-date", "1990-01-01"])
            #expect(participant.exitCode == 1 && participant.stderr.contains("participant 1"), "\(participant.stderr)")
            // Two people may share a name: the user says so.
            try await succeed(daemon, [["contact", "add", "--name", "Anna Berg", "--city", "Linköping", "--allow-duplicate"]])
            #expect(try await daemon.ctl(["contact", "list"]).stdout.split(separator: "\n").count == 3)
            // Nothing of a refused add was written.
            #expect(try await daemon.ctl(["agreement", "list"]).stdout.split(separator: "\n").count == 2)
        }
    }

    @Test func anExportImportedAgainIsRefusedOrUpdatesWithUpdateExisting() async throws {
        try await withDaemon { daemon, _ in
            try await succeed(daemon, [
                ["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
                ["contact", "add", "--name", "Anna Berg", "--city", "Linköping", "--staff", "true", "--email", "anna@example.org"],
                ["contact", "add", "--name", "Per Holm", "--city", "Linköping", "--title", "Handläggare"],
            ])
            let exported = try await daemon.ctl(["export", "contact"])
            let directory = try DaemonProcess.makeDirectory()
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("contacts.csv")
            try exported.stdout.replacingOccurrences(of: "Handläggare", with: "Samordnare").write(to: file, atomically: true, encoding: .utf8)

            let again = try await daemon.ctl(["import", "contact", file.path])
            #expect(again.exitCode == 1)
            #expect(again.stderr.contains("line 2: already in the register as contact 1 (Anna Berg)"), "\(again.stderr)")
            #expect(again.stderr.contains("line 3: already in the register as contact 2"), "\(again.stderr)")
            #expect(try await daemon.ctl(["contact", "list"]).stdout.split(separator: "\n").count == 3, "nothing doubled")

            let updated = try await daemon.ctl(["import", "contact", file.path, "--update-existing"])
            #expect(updated.exitCode == 0, "\(updated.stderr)")
            #expect(updated.stdout == "2 contact record(s) imported: 0 added, 2 updated\n", "\(updated.stdout)")
            let list = try await daemon.ctl(["contact", "list"]).stdout
            #expect(list.split(separator: "\n").count == 3)
            #expect(list.contains("Samordnare") && !list.contains("Handläggare"))
        }
    }
}
