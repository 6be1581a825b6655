import Foundation
import Testing
import VanortTestSupport

/// Agreements as they are signed, through vanortctl against a real daemon: organisations are
/// parties beside cities, and `agreement amend` records a dated amendment with what it
/// changed, shown by `agreement show` and the review report.
@Suite struct AgreementAmendmentTests {
    static func rows(_ result: CommandResult) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stdout) \(result.stderr)")
    }

    static func record(_ result: CommandResult) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any], "\(result.stdout) \(result.stderr)")
    }

    static func seed(_ daemon: DaemonProcess) async throws {
        try await succeed(daemon, [
            ["city", "add", "--name", "Lidköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
            ["city", "add", "--name", "Rockford", "--country", "US", "--region", "Illinois", "--timezone", "America/Chicago"],
            ["agreement", "add", "--home", "Lidköping", "--city", "Rockford", "--kind", "sister-city", "--since", "1987",
             "--signed", "1987-05-01"],
        ])
    }

    @Test func anAmendmentAddsOrganisationsAndIsShownWithWhatItChanged() async throws {
        try await withDaemon(arguments: ["--home-city", "Lidköping"]) { daemon, _ in
            try await Self.seed(daemon)
            let amend = try await daemon.ctl([
                "--json", "agreement", "amend", "--agreement", "1", "--on", "2014-06-12",
                "--summary", "Avtalet utvidgat till regionerna och näringslivet",
                "--organisations", "Skaraborgs kommunalförbund, Winnebago County, SwedishAmerican Health Systems, Sustain Dane",
                "--areas", "health,business",
            ])
            try #require(amend.exitCode == 0, "\(amend.stderr)")
            let shown = try Self.record(try await daemon.ctl(["--json", "agreement", "show", "1"]))
            #expect(shown["organisations"] as? [String] == ["Skaraborgs kommunalförbund", "Winnebago County", "SwedishAmerican Health Systems", "Sustain Dane"])
            let amendments = try #require(shown["amendments"] as? [String])
            #expect(amendments.count == 1)
            #expect(amendments.first?.hasPrefix("2014-06-12: Avtalet utvidgat till regionerna och näringslivet") == true)
            #expect(amendments.first?.contains("organisations: + Skaraborgs kommunalförbund, + Winnebago County") == true, "\(amendments)")
            #expect(amendments.first?.contains("areas: + health, + business") == true, "\(amendments)")

            // An organisation is a party: found by list and search.
            #expect(try Self.rows(try await daemon.ctl(["--json", "agreement", "list", "--organisation", "winnebago county"])).count == 1)
            #expect(try Self.rows(try await daemon.ctl(["--json", "agreement", "list", "--search", "sustain dane"])).count == 1)

            // A second amendment that only records (no field changes) and one that ends a term.
            try await succeed(daemon, [
                ["agreement", "amend", "--agreement", "1", "--on", "2019-03-01", "--summary", "Kontaktpersoner bytta"],
                ["agreement", "amend", "--agreement", "1", "--on", "2020-01-15", "--summary", "Tidsbegränsat", "--until", "2030"],
            ])
            let later = try Self.record(try await daemon.ctl(["--json", "agreement", "show", "1"]))
            #expect((later["amendments"] as? [String])?.map { String($0.prefix(10)) } == ["2014-06-12", "2019-03-01", "2020-01-15"])
            #expect((later["amendments"] as? [String])?.last?.contains("until: – → 2030") == true)

            let review = try Self.rows(try await daemon.ctl(["--json", "report", "review", "--city", "Rockford", "--from", "2014", "--to", "2020"]))
            let told = review.filter { $0["section"] as? String == "amendments" }.map { $0["item"] as? String }
            #expect(told == ["2014-06-12", "2019-03-01", "2020-01-15"])
            #expect(review.first { $0["section"] as? String == "agreements" }?["value"].map { "\($0)" }?.contains("organisations: Skaraborgs kommunalförbund") == true)
        }
    }

    @Test func aBadAmendmentChangesNothingAndSaysWhy() async throws {
        try await withDaemon(arguments: ["--home-city", "Lidköping"]) { daemon, _ in
            try await Self.seed(daemon)
            let noSummary = try await daemon.ctl(["agreement", "amend", "--agreement", "1", "--on", "2014-06-12", "--until", "2030"])
            #expect(noSummary.exitCode == 1)
            #expect(noSummary.stderr.contains("summary"), "\(noSummary.stderr)")
            let future = try await daemon.ctl(["agreement", "amend", "--agreement", "1", "--on", isoDay(fromToday: 30), "--summary", "Snart"])
            #expect(future.stderr.contains("after today"), "\(future.stderr)")
            let badField = try await daemon.ctl(["agreement", "amend", "--agreement", "1", "--on", "2014-06-12", "--summary", "Fel",
                                                 "--until", "1980"])
            #expect(badField.stderr.contains("until"), "\(badField.stderr)")
            let missing = try await daemon.ctl(["agreement", "amend", "--agreement", "7", "--on", "2014-06-12", "--summary", "Fel"])
            #expect(missing.stderr.contains("404"), "\(missing.stderr)")
            let shown = try Self.record(try await daemon.ctl(["--json", "agreement", "show", "1"]))
            #expect((shown["amendments"] as? [String])?.isEmpty == true)
            #expect(shown["until"] is NSNull)
        }
    }
}
