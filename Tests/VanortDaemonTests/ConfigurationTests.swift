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

    @Test func theSummaryHidesThePassword() {
        #expect(Configuration.redactPassword("postgresql://vanort:s3cret@db/vanort") == "postgresql://vanort:***@db/vanort")
        #expect(Configuration.redactPassword("host=db password=s3cret dbname=v") == "host=db password=*** dbname=v")
    }
}
