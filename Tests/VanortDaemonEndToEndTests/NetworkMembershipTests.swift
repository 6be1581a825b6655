import Foundation
import Testing
import VanortTestSupport

/// Members of a network join and leave on their own dates, and no update drops one silently.
@Suite struct NetworkMembershipTests {
    static func network(_ daemon: DaemonProcess) async throws -> [String: Any] {
        let shown = try await daemon.ctl(["--json", "network", "show", "Smart City Alliance"])
        return try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any], "\(shown.stderr)")
    }

    @Test func membersJoinAndLeaveOnTheirOwnDatesAndAnUpdateNeverDropsOne() async throws {
        try await withDaemon { daemon, _ in
            try await loadExampleData(into: daemon)
            let before = try #require(try await Self.network(daemon)["members"] as? [String])
            #expect(before.contains("Enschede") && before.contains("Münster"), "\(before)")

            // A new member with its own date; the others keep theirs.
            let added = try await daemon.ctl(["network", "member", "add", "--network", "Smart City Alliance", "--city", "Kecskemét", "--joined", "2026-09-01"])
            #expect(added.exitCode == 0, "\(added.stderr)")
            let joined = try #require(try await Self.network(daemon)["members_joined"] as? [String])
            #expect(joined.contains("Kecskemét 2026-09-01"), "\(joined)")
            let twice = try await daemon.ctl(["network", "member", "add", "--network", "Smart City Alliance", "--city", "Kecskemét"])
            #expect(twice.exitCode == 1 && twice.stderr.contains("409 CONFLICT") && twice.stderr.contains("since 2026-09-01"), "\(twice.stderr)")

            // Leaving is recorded with its day; the member is no longer current.
            let left = try await daemon.ctl(["network", "member", "remove", "--network", "Smart City Alliance", "--city", "Münster", "--left", "2026-10-31"])
            #expect(left.exitCode == 0, "\(left.stderr)")
            let after = try await Self.network(daemon)
            #expect((after["members"] as? [String])?.contains("Münster") == false)
            #expect((after["former_members"] as? [String])?.contains { $0.hasPrefix("Münster") && $0.hasSuffix("2026-10-31") } == true, "\(after)")
            let gone = try await daemon.ctl(["network", "member", "remove", "--network", "Smart City Alliance", "--city", "Münster"])
            #expect(gone.exitCode == 1 && gone.stderr.contains("404"), "\(gone.stderr)")
            let early = try await daemon.ctl(["network", "member", "remove", "--network", "Smart City Alliance", "--city", "Kecskemét", "--left", "2026-08-01"])
            #expect(early.exitCode == 1 && early.stderr.contains("422 INVALID left"), "\(early.stderr)")

            // An update listing fewer members is refused, naming who would be dropped.
            let update = try await daemon.ctl(["network", "update", "Smart City Alliance", "--members", "Palo Alto,Linköping"])
            #expect(update.exitCode == 1, "\(update.stdout)")
            #expect(update.stderr.contains("422 INVALID members") && update.stderr.contains("Enschede") && update.stderr.contains("network member remove"), "\(update.stderr)")
            #expect((try await Self.network(daemon)["members"] as? [String])?.contains("Enschede") == true)
            let help = try await daemon.ctl(["network", "--help"])
            #expect(help.stdout.contains("member add") && help.stdout.contains("--left"), "\(help.stdout)")
        }
    }
}
