import Foundation
import Testing
import VanortTestSupport

/// The office hears of every registration: a visit an association registers reaches all
/// staff at once, and the agenda marks it new until a staff member acknowledges it.
@Suite struct OfficeNoticeTests {
    static func rows(_ result: CommandResult) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stdout) \(result.stderr)")
    }

    @Test func aVisitAnAssociationRegistersReachesStaffAtOnceAndIsNewUntilAcknowledged() async throws {
        try await withRemoteAccess { remote, _ in
            let token = try await AccessScopeTests.seed(remote)
            let admin = remote.daemon
            let from = isoDay(fromToday: 40), to = isoDay(fromToday: 44)
            let added = try await remote.ctl(token, ["--json", "visit", "add", "--city", "Palo Alto", "--direction", "outgoing", "--kind", "association",
                                                     "--from", from, "--to", to, "--purpose", "Vänortsresa"])
            try #require(added.exitCode == 0, "\(added.stderr)")
            let visit = try #require((try JSONSerialization.jsonObject(with: Data(added.stdout.utf8)) as? [String: Any])?["id"] as? Int)

            // A notice to the office, delivered at once (the log channel), to every staff member.
            try await eventually("the registration notice to be sent") {
                try Self.rows(try await admin.ctl(["--json", "reminder", "list", "--about", "visit:\(visit)"]))
                    .contains { ($0["note"] as? String)?.contains("Nytt besök registrerat av Neighbors Abroad") == true && $0["state"] as? String == "sent" }
            }
            #expect(admin.log.contains("Anna Staff"), "the staff member is among the recipients")

            func isNew() async throws -> Bool? {
                try Self.rows(try await admin.ctl(["--json", "agenda", "--days", "60"])).first { $0["id"] as? Int == visit && $0["type"] as? String == "visit" }?["new"] as? Bool
            }
            #expect(try await isNew() == true)
            let notice = try #require(try Self.rows(try await admin.ctl(["--json", "reminder", "list", "--about", "visit:\(visit)"]))
                .first { ($0["note"] as? String)?.contains("Neighbors Abroad") == true }?["id"] as? Int)
            #expect(try await admin.ctl(["reminder", "ack", String(notice)]).exitCode == 0)
            #expect(try await isNew() == false)

            // The office's own registrations are no news to it.
            try #require(try await admin.ctl(["visit", "add", "--city", "Palo Alto", "--direction", "incoming", "--from", from, "--to", to]).exitCode == 0)
            let own = try Self.rows(try await admin.ctl(["--json", "reminder", "list"])).filter { ($0["note"] as? String)?.contains("registrerat") == true }
            #expect(own.count == 1, "\(own)")
        }
    }
}
