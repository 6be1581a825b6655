import Foundation
import Testing
import VanortTestSupport

/// The register through vanortctl against a real daemon.
@Suite struct RegisterCommandTests {
    private func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func theExampleDataAnswersTheAgreementQuestion() async throws {
        try await withDaemon { daemon, _ in
            try await loadExampleData(into: daemon)
            let result = try await daemon.ctl(["--json", "agreement", "list", "--city", "Kecskemét"])
            #expect(result.exitCode == 0)
            let agreements = try #require(try json(result.stdout) as? [[String: Any]])
            #expect(agreements.count == 1)
            let kecskemet = try #require(agreements.first)
            #expect(kecskemet["kind"] as? String == "twin-town")
            #expect(kecskemet["since"] as? Int == 2004)
            #expect((kecskemet["areas"] as? [String])?.contains("elderly-and-disability-care") == true)
            #expect(kecskemet["funding"] as? [String] == ["municipality", "eu"])
            #expect(kecskemet["home"] as? [String] == ["Lidköping"])
            // Diacritic-insensitive search through the CLI.
            let search = try await daemon.ctl(["city", "list", "--search", "munster", "--json"])
            #expect((try json(search.stdout) as? [[String: Any]])?.first?["name"] as? String == "Münster")
        }
    }

    @Test func aCityOthersStillNameIsNotDeletedAndTheRefusalSaysWhoNamesIt() async throws {
        try await withDaemon { daemon, _ in
            try await loadExampleData(into: daemon)
            let refused = try await daemon.ctl(["city", "delete", "Kecskemét"])
            #expect(refused.exitCode == 1)
            #expect(refused.stderr.contains("409 CONFLICT city ") && refused.stderr.contains(" is still named by "), "\(refused.stderr)")
            for leak in ["Key (", "table", "agreement_party", "SQLSTATE", "constraint"] {
                #expect(!refused.stderr.contains(leak), "\(refused.stderr)")
            }
            #expect(try await daemon.ctl(["city", "show", "Kecskemét"]).exitCode == 0)
        }
    }

    @Test func aVisitAddedThroughTheCLIAppearsInUpcoming() async throws {
        try await withDaemon { daemon, _ in
            _ = try await daemon.ctl(["city", "add", "--name", "Palo Alto", "--country", "US", "--timezone", "America/Los_Angeles"])
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd"
            formatter.timeZone = TimeZone(identifier: "UTC")
            let from = formatter.string(from: Date().addingTimeInterval(5 * 86_400))
            let to = formatter.string(from: Date().addingTimeInterval(9 * 86_400))
            let added = try await daemon.ctl([
                "visit", "add", "--city", "Palo Alto", "--direction", "outgoing", "--from", from, "--to", to,
                "--purpose", "Study visit; \"Smart City\"", "--json",
            ])
            #expect(added.exitCode == 0, "\(added.stderr)")
            let visit = try #require(try json(added.stdout) as? [String: Any])
            #expect(visit["purpose"] as? String == "Study visit; \"Smart City\"")
            let upcoming = try await daemon.ctl(["--json", "upcoming", "--days", "30"])
            let rows = try #require(try json(upcoming.stdout) as? [[String: Any]])
            #expect(rows.map { $0["id"] as? Int } == [visit["id"] as? Int])
            #expect(rows.first?["from"] as? String == from)
            let later = try await daemon.ctl(["--json", "upcoming", "--days", "2"])
            #expect((try json(later.stdout) as? [Any])?.isEmpty == true)
        }
    }

    @Test func invalidInputIs422NamingTheFieldAndLeavesNothing() async throws {
        try await withDaemon { daemon, _ in
            _ = try await daemon.ctl(["city", "add", "--name", "Utena", "--country", "LT", "--timezone", "Europe/Vilnius"])
            let cases: [([String], String)] = [
                (["visit", "add", "--city", "Utena", "--direction", "incoming", "--from", "2027-02-30", "--to", "2027-03-02"], "422 INVALID from:"),
                (["visit", "add", "--city", "Utena", "--direction", "incoming", "--from", "2027-03-05", "--to", "2027-03-02"], "422 INVALID to:"),
                (["visit", "add", "--city", "Utena", "--direction", "incoming", "--from", "2027-03-01", "--to", "2027-03-02", "--participants", "-4"], "422 INVALID participants:"),
                (["city", "add", "--name", "Vilnius", "--country", "Lithuania", "--timezone", "Europe/Vilnius"], "422 INVALID country:"),
                (["city", "add", "--name", "Vilnius", "--country", "LT", "--timezone", "Europe/Vilnius", "--population", "99999999999999999999"], "422 INVALID population:"),
                (["contact", "add", "--name", "X", "--email", "x@@y"], "422 INVALID email:"),
                (["city", "add", "--name", "Utena", "--country", "LT", "--timezone", "Europe/Vilnius"], "409 CONFLICT this city is already in the register as another city with name and country Utena, LT"),
                (["city", "show", "4711"], "404 NOTFOUND"),
            ]
            for (arguments, expected) in cases {
                let result = try await daemon.ctl(arguments)
                #expect(result.exitCode == 1, "\(arguments)")
                #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            }
            let visits = try await daemon.ctl(["visit", "list"]).stdout
            let cities = try await daemon.ctl(["city", "list"]).stdout
            let contacts = try await daemon.ctl(["contact", "list"]).stdout
            #expect(visits.split(separator: "\n").count == 1)
            #expect(cities.split(separator: "\n").count == 2)
            #expect(contacts.split(separator: "\n").count == 1)
        }
    }

    @Test func aStaleIfVersionIs409() async throws {
        try await withDaemon { daemon, _ in
            _ = try await daemon.ctl(["city", "add", "--name", "Lusaka", "--country", "ZM", "--timezone", "Africa/Lusaka"])
            #expect(try await daemon.ctl(["city", "update", "Lusaka", "--population", "3000000", "--if-version", "1"]).exitCode == 0)
            let stale = try await daemon.ctl(["city", "update", "Lusaka", "--population", "1", "--if-version", "1"])
            #expect(stale.exitCode == 1)
            #expect(stale.stderr.contains("409 CONFLICT"))
            let shown = try await daemon.ctl(["--json", "city", "show", "Lusaka"])
            #expect((try json(shown.stdout) as? [String: Any])?["population"] as? Int == 3_000_000)
        }
    }

    @Test func unknownFlagsAndVerbsAreUsageErrors() async throws {
        try await withDaemon { daemon, _ in
            for arguments in [["city", "add", "--colour", "red"], ["city", "fly"], ["city", "show"]] {
                let result = try await daemon.ctl(arguments)
                #expect(result.exitCode == 64, "\(arguments)")
            }
        }
    }
}
