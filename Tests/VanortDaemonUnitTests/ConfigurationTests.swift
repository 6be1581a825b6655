import VanortDomain
import Foundation
import Testing
@testable import VanortDaemon

@Suite struct ConfigurationTests {
    @Test func flagsBeatEnvironmentBeatFileBeatDefaults() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("vanort-\(UUID()).conf")
        try """
        # comment
        database-url = "postgresql:///from_file"
        max-clients = 10
        idle-timeout = 20
        socket = /file.sock
        """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let configuration = try Configuration.load(
            file: file.path,
            environment: ["VANORT_MAX_CLIENTS": "11", "VANORT_SOCKET": "/env.sock"],
            flags: ["socket": "/flag.sock"])
        #expect(configuration.databaseURL == "postgresql:///from_file")
        #expect(configuration.maxClients == 11)
        #expect(configuration.idleTimeoutSeconds == 20)
        #expect(configuration.socketPath == "/flag.sock")
        #expect(configuration.maxLineBytes == 8192)
    }

    @Test func badValuesNameTheKeyAndValue() {
        #expect(throws: ConfigurationError.self) { try Configuration.load(file: nil, environment: ["VANORT_LOG_LEVEL": "loud"], flags: [:]) }
        do {
            _ = try Configuration.load(file: nil, environment: [:], flags: ["pool-size": "0"])
        } catch {
            #expect(error.key == "pool-size")
            #expect(error.value == "0")
        }
        #expect(throws: ConfigurationError.self) { try Configuration.load(file: "/nonexistent/vanortd.conf", environment: [:], flags: [:]) }
        #expect(throws: ConfigurationError.self) { try Configuration.parseFile("just words", path: "x") }
        #expect(throws: ConfigurationError.self) { try Configuration.load(file: nil, environment: [:], flags: ["colour": "blue"]) }
    }

    /// Each setting is declared once: what check-config prints reads back to the same
    /// configuration through the flags, and its variable is derived from its key.
    @Test func everySettingShownReadsBackAsItsFlag() throws {
        var original = try Configuration.load(
            file: nil, environment: [:],
            flags: ["max-clients": "7", "peer-roles": "1001=staff", "notify-command": "cat", "listen": "127.0.0.1:7443",
                    "tls-cert": "/c.pem", "tls-key": "/k.pem", "privacy-mode": "municipal"])
        original.migrationDatabaseURL = "postgresql:///owner"
        let flags = Dictionary(uniqueKeysWithValues: original.summary)
        #expect(flags.count == Configuration.settings.count)
        #expect(try Configuration.load(file: nil, environment: [:], flags: flags) == original)
        #expect(Configuration.settingsHelp.contains { $0.flag == "--reminder-max-attempts" && $0.environment == "VANORT_REMINDER_MAX_ATTEMPTS" })
    }

    /// The example file an administrator copies names every setting (set or commented out),
    /// and what it sets is valid.
    @Test func theExampleConfigurationFileNamesEverySettingAndLoads() throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../deploy/vanortd.conf.example").standardized
        let text = try String(contentsOf: example, encoding: .utf8)
        let named = Set(text.split(separator: "\n").compactMap { line -> String? in
            let body = line.hasPrefix("# ") ? line.dropFirst(2) : line[...]
            guard let equals = body.firstIndex(of: "=") else { return nil }
            let key = body[..<equals].trimmingCharacters(in: .whitespaces)
            return key.contains(" ") ? nil : key
        })
        #expect(Set(Configuration.settings.map(\.key)).subtracting(named).isEmpty)
        _ = try Configuration.load(file: example.path, environment: [:], flags: [:])
    }

    @Test func aReloadNamesTheChangedSettingsThatNeedARestart() throws {
        let running = try Configuration.load(file: nil, environment: [:], flags: [:])
        let fresh = try Configuration.load(file: nil, environment: [:], flags: ["pool-size": "8", "log-level": "debug", "socket": "/other.sock"])
        #expect(fresh.restartOnlyChanges(comparedTo: running) == ["socket", "pool-size"])
        #expect(running.restartOnlyChanges(comparedTo: running).isEmpty)
    }

    @Test func theSummaryHidesThePassword() {
        #expect(Configuration.redactPassword("postgresql://vanort:s3cret@db/vanort") == "postgresql://vanort:***@db/vanort")
        #expect(Configuration.redactPassword("host=db password=s3cret dbname=v") == "host=db password=*** dbname=v")
    }

    @Test func peerRolesMapUidsAndUserNamesToRoles() throws {
        let configuration = try Configuration.load(
            file: nil, environment: ["VANORT_PEER_ROLES": "1001=staff; root=admin ;65534=association:Neighbors Abroad"], flags: [:])
        #expect(configuration.peerRoles == [
            PeerRole(uid: 1001, role: .staff, association: nil),
            PeerRole(uid: 0, role: .admin, association: nil),
            PeerRole(uid: 65534, role: .association, association: "Neighbors Abroad"),
        ])
        for (value, reason) in [
            ("1001", "expected USER=ROLE"), ("1001=boss", "role must be"), ("1001=association", "names its association"),
            ("1001=staff:X", "only it"), ("no-such-user-here=staff", "no local user"), ("1=staff;1=admin", "mapped twice"),
        ] {
            do {
                _ = try Configuration.load(file: nil, environment: [:], flags: ["peer-roles": value])
                Issue.record("\(value) was accepted")
            } catch {
                #expect(error.key == "peer-roles")
                #expect(error.reason.contains(reason), "\(value): \(error.reason)")
            }
        }
    }

    @Test func theTCPListenerNeedsItsCertificateAndKey() throws {
        do {
            _ = try Configuration.load(file: nil, environment: [:], flags: ["listen": "0.0.0.0:7443"])
            Issue.record("a listener without TLS files was accepted")
        } catch {
            #expect(error.key == "listen")
            #expect(error.reason.contains("tls-cert"))
        }
        #expect(throws: ConfigurationError.self) {
            try Configuration.load(file: nil, environment: [:], flags: ["listen": "0.0.0.0:99999", "tls-cert": "c", "tls-key": "k"])
        }
        let configuration = try Configuration.load(
            file: nil, environment: [:], flags: ["listen": "[::1]:7443", "tls-cert": "/c.pem", "tls-key": "/k.pem"])
        #expect(configuration.listenAddress == Configuration.ListenAddress(host: "::1", port: 7443))
    }

    @Test func anAutomaticPoolHasTwoConnectionsPerCoreAndLeavesTheServerThreeQuarters() throws {
        #expect(try Configuration.load(file: nil, environment: [:], flags: [:]).poolSize == nil, "auto by default")
        #expect(try Configuration.load(file: nil, environment: [:], flags: ["pool-size": "AUTO"]).poolSize == nil)
        #expect(try Configuration.load(file: nil, environment: [:], flags: ["pool-size": "12"]).poolSize == 12)
        #expect(PoolSizing.automatic(cores: 2, usableConnections: nil) == 5)
        #expect(PoolSizing.automatic(cores: 2, usableConnections: 97) == 5, "PostgreSQL's default of 100, 3 reserved")
        #expect(PoolSizing.automatic(cores: 16, usableConnections: 97) == 24, "a quarter of what the server accepts")
        #expect(PoolSizing.automatic(cores: 4, usableConnections: 3) == 2, "never fewer than two")
    }
}
