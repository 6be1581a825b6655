import Foundation
import Testing
import VanortTestSupport

/// The Unix socket's door: the peer's uid (SO_PEERCRED) through `peer-roles`. These tests
/// run vanortctl as another user (`nobody`, with the socket's group), so they need root.
@Suite(.enabled(if: getuid() == 0, "needs root to run vanortctl as another user"))
struct PeerCredentialTests {
    static let nobody: UInt32 = 65_534

    /// vanortctl as uid `nobody`, a member of the socket's group (root's, in tests).
    static func ctlAsNobody(_ daemon: DaemonProcess, _ arguments: [String]) async throws -> CommandResult {
        try await CommandResult.run(
            URL(fileURLWithPath: "/usr/bin/setpriv"),
            ["--reuid=\(nobody)", "--regid=\(nobody)", "--groups=0", DaemonProcess.binDirectory.appendingPathComponent("vanortctl").path,
             "--socket", daemon.socketPath] + arguments)
    }

    @Test func anUnmappedUidIsDeniedEvenThoughTheSocketModeLetsItConnect() async throws {
        try await withDaemon { daemon, _ in
            let refused = try await Self.ctlAsNobody(daemon, ["ping"])
            #expect(refused.exitCode == 1)
            #expect(refused.stderr.contains("403 DENIED uid \(Self.nobody) has no role"), "\(refused.stderr)")
            let audit = try await daemon.ctl(["--json", "audit", "list"])
            #expect(audit.stdout.contains(#""actor":"uid:\#(Self.nobody)","role":"none","command":"(connect)","code":403"#), "\(audit.stdout)")
        }
    }

    @Test func aStaffUidReadsAndWritesTheRegisterButNotTokens() async throws {
        try await withDaemon(arguments: ["--peer-roles", "\(Self.nobody)=staff"]) { daemon, _ in
            #expect(try await Self.ctlAsNobody(daemon, ["status"]).exitCode == 0)
            let city = try await Self.ctlAsNobody(daemon, ["city", "add", "--name", "Utena", "--country", "LT", "--timezone", "Europe/Vilnius"])
            #expect(city.exitCode == 0, "\(city.stderr)")
            let tokens = try await Self.ctlAsNobody(daemon, ["token", "list"])
            #expect(tokens.exitCode == 1)
            #expect(tokens.stderr.contains("403 DENIED"))
            let audit = try await daemon.ctl(["--json", "audit", "list", "--actor", "uid:\(Self.nobody)"])
            #expect(audit.stdout.contains(#""role":"staff","command":"city add name=Utena country=LT timezone=Europe/Vilnius","code":201"#))
        }
    }

    @Test func aUserNameMapsToItsAssociationWhichMustExist() async throws {
        try await withDaemon(arguments: ["--peer-roles", "nobody=association:Neighbors Abroad"]) { daemon, _ in
            let missing = try await Self.ctlAsNobody(daemon, ["ping"])
            #expect(missing.stderr.contains("403 DENIED") && missing.stderr.contains("not in the register"), "\(missing.stderr)")
            for arguments in [
                ["city", "add", "--name", "Palo Alto", "--country", "US", "--timezone", "America/Los_Angeles"],
                ["association", "add", "--name", "Neighbors Abroad", "--kind", "friendship-association", "--city", "Palo Alto"],
                ["visit", "add", "--city", "Palo Alto", "--direction", "outgoing", "--from", "2027-05-03", "--to", "2027-05-09"],
            ] {
                #expect(try await daemon.ctl(arguments).exitCode == 0)
            }
            let visits = try await Self.ctlAsNobody(daemon, ["visit", "list"])
            #expect(visits.exitCode == 0)
            #expect(visits.stdout.split(separator: "\n").count == 1, "the office's visit is not the association's")
            let added = try await Self.ctlAsNobody(daemon, ["visit", "add", "--city", "Palo Alto", "--direction", "incoming",
                                                            "--from", "2027-08-01", "--to", "2027-08-04"])
            #expect(added.exitCode == 0, "\(added.stderr)")
            #expect(try await Self.ctlAsNobody(daemon, ["visit", "list"]).stdout.contains("Neighbors Abroad"))
        }
    }
}
