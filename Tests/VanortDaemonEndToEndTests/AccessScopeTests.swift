import Foundation
import Testing
import VanortTestSupport

/// A friendship association's token over TLS through vanortctl: it registers and reads
/// only its own visits, exchanges, participants and contacts, never another's, never
/// staff contacts or special needs, and never deletes.
@Suite struct AccessScopeTests {
    /// Two associations with a visit, an exchange, a participant and contacts each side,
    /// and a staff contact; returns a token for "Neighbors Abroad".
    static func seed(_ remote: RemoteAccess) async throws -> String {
        let admin = remote.daemon
        for arguments in [
            ["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
            ["city", "add", "--name", "Palo Alto", "--country", "US", "--timezone", "America/Los_Angeles"],
            ["association", "add", "--name", "Neighbors Abroad", "--kind", "friendship-association", "--city", "Palo Alto"],
            ["association", "add", "--name", "Palo Alto-föreningen", "--kind", "friendship-association", "--city", "Linköping"],
            ["contact", "add", "--name", "Anna Staff", "--staff", "--email", "anna@linkoping.se"],
            ["contact", "add", "--name", "Bob Other", "--association", "Palo Alto-föreningen"],
            ["visit", "add", "--city", "Palo Alto", "--direction", "outgoing", "--kind", "association", "--from", "2027-05-03",
             "--to", "2027-05-09", "--association", "Palo Alto-föreningen", "--purpose", "Palo Alto study trip"],
            ["exchange", "add", "--title", "Other exchange", "--city", "Palo Alto", "--from", "2027-06-01", "--to", "2027-06-10",
             "--association", "Palo Alto-föreningen"],
            ["participant", "add", "--exchange", "1", "--name", "Other Person", "--birth-date", "1990-01-01"],
        ] {
            let result = try await admin.ctl(arguments)
            try #require(result.exitCode == 0, "\(arguments): \(result.stderr)")
        }
        return try await remote.token(role: "association", association: "Neighbors Abroad")
    }

    @Test func anAssociationSeesAndChangesOnlyItsOwnRecords() async throws {
        try await withRemoteAccess { remote, _ in
            let token = try await Self.seed(remote)
            func ctl(_ arguments: [String]) async throws -> CommandResult { try await remote.ctl(token, arguments) }

            // Nothing of the other association's is visible, by list, show, search or upcoming.
            #expect(try await ctl(["visit", "list"]).stdout.split(separator: "\n").count == 1)
            let show = try await ctl(["visit", "show", "1"])
            #expect(show.exitCode == 1)
            #expect(show.stderr.contains("404 NOTFOUND"))
            #expect(try await ctl(["exchange", "list", "--search", "other"]).stdout.split(separator: "\n").count == 1)
            #expect(try await ctl(["participant", "list"]).stdout.split(separator: "\n").count == 1)
            #expect(try await ctl(["upcoming", "--days", "3650"]).stdout.split(separator: "\n").count == 1)
            #expect(try await ctl(["association", "list"]).stdout.contains("Palo Alto-föreningen") == false)
            let contacts = try await ctl(["contact", "list"])
            #expect(!contacts.stdout.contains("Anna Staff") && !contacts.stdout.contains("Bob Other"))

            // Its own records: the association is filled in; references resolve only within its scope.
            #expect(try await ctl(["contact", "add", "--name", "Alice Own"]).exitCode == 0)
            let added = try await ctl(["--json", "visit", "add", "--city", "Palo Alto", "--direction", "incoming", "--kind", "study",
                                       "--from", "2027-09-01", "--to", "2027-09-05", "--contact", "Alice Own"])
            #expect(added.exitCode == 0, "\(added.stderr)")
            #expect(added.stdout.contains(#""association":"Neighbors Abroad""#))
            for (arguments, field) in [
                (["visit", "add", "--city", "Palo Alto", "--from", "2027-09-01", "--to", "2027-09-02", "--direction", "incoming",
                  "--association", "Palo Alto-föreningen"], "association"),
                // Another association's contact (an office contact it may name: AssociationSelfServiceTests).
                (["visit", "add", "--city", "Palo Alto", "--from", "2027-09-01", "--to", "2027-09-02", "--direction", "incoming",
                  "--contact", "Bob Other"], "contact"),
                (["participant", "add", "--exchange", "1", "--name", "Sneaky", "--birth-date", "1990-01-01"], "exchange"),
                (["visit", "update", "2", "--association", "Palo Alto-föreningen"], "association"),
            ] {
                let refused = try await ctl(arguments)
                #expect(refused.exitCode == 1)
                #expect(refused.stderr.contains("422 INVALID \(field): "), "\(arguments): \(refused.stderr)")
            }
            #expect(try await ctl(["visit", "update", "1", "--purpose", "taken over"]).stderr.contains("404 NOTFOUND"))
            let staffContact = try await ctl(["contact", "add", "--name", "Fake Staff", "--staff"])
            #expect(staffContact.stderr.contains("403 DENIED"))
            #expect(try await ctl(["visit", "delete", "2"]).stderr.contains("403 DENIED"))

            // Special needs: written for the office, never read back by the association.
            let exchange = try await ctl(["exchange", "add", "--title", "Youth camp", "--city", "Palo Alto", "--from", "2027-07-01",
                                          "--to", "2027-07-08"])
            #expect(exchange.exitCode == 0, "\(exchange.stderr)")
            let participant = try await ctl(["--json", "participant", "add", "--exchange", "2", "--name", "Kim", "--birth-date", "2001-02-03",
                                             "--special-needs", "nut allergy"])
            #expect(participant.exitCode == 0, "\(participant.stderr)")
            #expect(participant.stdout.contains(#""special_needs":null"#))
            #expect(!(try await ctl(["--json", "participant", "list"]).stdout.contains("nut allergy")))
            #expect(try await remote.daemon.ctl(["--json", "participant", "show", "2"]).stdout.contains("nut allergy"))

            // The other association's records are as they were; staff see everything.
            let other = try await remote.daemon.ctl(["--json", "visit", "show", "1"])
            #expect(other.stdout.contains(#""purpose":"Palo Alto study trip""#))
            let staff = try await remote.token(role: "staff")
            #expect(try await remote.ctl(staff, ["visit", "list"]).stdout.split(separator: "\n").count == 3)
            #expect(try await remote.ctl(staff, ["contact", "list"]).stdout.contains("Anna Staff"))
        }
    }

    @Test func anAssociationsImportIsAllItsOwnOrNothing() async throws {
        try await withRemoteAccess { remote, _ in
            let token = try await Self.seed(remote)
            let csv = remote.daemon.directory.appendingPathComponent("visits.csv")
            try "city,direction,kind,from,to,association\nPalo Alto,incoming,study,2027-10-01,2027-10-02,\nPalo Alto,incoming,study,2027-10-03,2027-10-04,Palo Alto-föreningen\n"
                .write(to: csv, atomically: true, encoding: .utf8)
            let mixed = try await remote.ctl(token, ["import", "visit", csv.path])
            #expect(mixed.exitCode == 1)
            #expect(mixed.stderr.contains("no such association"))
            #expect(try await remote.daemon.ctl(["visit", "list"]).stdout.split(separator: "\n").count == 2)

            try "city,direction,kind,from,to\nPalo Alto,incoming,study,2027-10-01,2027-10-02\nPalo Alto,incoming,culture,2027-10-03,2027-10-04\n"
                .write(to: csv, atomically: true, encoding: .utf8)
            let own = try await remote.ctl(token, ["import", "visit", csv.path])
            #expect(own.exitCode == 0, "\(own.stderr)")
            let exported = try await remote.ctl(token, ["export", "visit"])
            #expect(exported.stdout.split(whereSeparator: \.isNewline).count == 3)
            #expect(!exported.stdout.contains("Palo Alto-föreningen"))
        }
    }

    @Test func anAssociationKeepsItsOwnEmailUpToDateAndNothingElse() async throws {
        try await withRemoteAccess { remote, _ in
            let token = try await Self.seed(remote)
            func ctl(_ arguments: [String]) async throws -> CommandResult { try await remote.ctl(token, arguments) }

            let updated = try await ctl(["--json", "association", "update", "Neighbors Abroad", "--email", "info@neighborsabroad.org",
                                         "--website", "https://neighborsabroad.org"])
            #expect(updated.exitCode == 0, "\(updated.stderr)")
            #expect(updated.stdout.contains(#""email":"info@neighborsabroad.org""#))
            #expect(try await remote.daemon.ctl(["association", "show", "Neighbors Abroad"]).stdout.contains("info@neighborsabroad.org"))

            let renamed = try await ctl(["association", "update", "Neighbors Abroad", "--name", "Grannar utomlands"])
            #expect(renamed.exitCode == 1)
            #expect(renamed.stderr.contains("403") && renamed.stderr.contains("not name"), "\(renamed.stderr)")
            let badEmail = try await ctl(["association", "update", "Neighbors Abroad", "--email", "info@"])
            #expect(badEmail.stderr.contains("422") && badEmail.stderr.contains("email"), "\(badEmail.stderr)")
            let other = try await ctl(["association", "update", "Palo Alto-föreningen", "--email", "x@example.org"])
            #expect(other.stderr.contains("404"), "another association's record does not exist for it: \(other.stderr)")
            let added = try await ctl(["association", "add", "--name", "Ny förening", "--city", "Linköping"])
            #expect(added.stderr.contains("403"), "\(added.stderr)")
            #expect(try await remote.daemon.ctl(["association", "show", "Neighbors Abroad"]).stdout.contains("Neighbors Abroad"), "the name is unchanged")
        }
    }
}
