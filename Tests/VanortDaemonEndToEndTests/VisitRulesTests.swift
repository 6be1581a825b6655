import Foundation
import Testing
import VanortTestSupport

/// What a visit may be: its city is a partner city, never the home municipality.
@Suite struct VisitRulesTests {
    @Test func aVisitWhosePartnerIsTheHomeMunicipalityIs422() async throws {
        try await withDaemon { daemon, _ in
            #expect(try await daemon.ctl(["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"]).exitCode == 0)
            let refused = try await daemon.ctl(["visit", "add", "--city", "linkoping", "--direction", "incoming", "--from", "2027-05-03", "--to", "2027-05-04"])
            #expect(refused.exitCode == 1)
            #expect(refused.stderr.contains("422 INVALID city: 'Linköping' is the home municipality"), "\(refused.stderr)")
            #expect(try await daemon.ctl(["visit", "list"]).stdout.split(separator: "\n").count == 1, "nothing written")
        }
    }
}
