import Foundation
import Testing
import VanortTestSupport

/// What an association may do for itself that fits how it works with the office.
@Suite struct AssociationSelfServiceTests {
    @Test func anAssociationNamesAnOfficeContactAsResponsibleSeeingOnlyStaffNames() async throws {
        try await withRemoteAccess { remote, _ in
            let token = try await AccessScopeTests.seed(remote)
            let added = try await remote.ctl(token, ["--json", "visit", "add", "--city", "Palo Alto", "--direction", "outgoing",
                                                     "--from", "2027-08-01", "--to", "2027-08-05", "--contact", "anna staff"])
            #expect(added.exitCode == 0, "\(added.stderr)")
            #expect(added.stdout.contains(#""contact":"Anna Staff""#), "\(added.stdout)")
            // Its staff contact stays out of its contact list; another association's contact does not resolve.
            #expect(!(try await remote.ctl(token, ["contact", "list"])).stdout.contains("Anna Staff"))
            let other = try await remote.ctl(token, ["visit", "add", "--city", "Palo Alto", "--direction", "outgoing",
                                                     "--from", "2027-09-01", "--to", "2027-09-05", "--contact", "Bob Other"])
            #expect(other.exitCode == 1)
            #expect(other.stderr.contains("422 INVALID contact:") && other.stderr.contains("its staff: Anna Staff"), "\(other.stderr)")
            #expect(!other.stderr.contains("anna@linkoping.se"), "names only")
        }
    }
}
