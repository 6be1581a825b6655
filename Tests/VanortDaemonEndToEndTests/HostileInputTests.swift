import Foundation
import Testing
import VanortClient
import VanortProtocol
import VanortTestSupport

/// What hostile or broken clients get: each its error, while the daemon keeps serving
/// everyone else and its memory stays bounded.
@Suite struct HostileInputTests {
    static let payloads = [
        "Robert'); DROP TABLE visit;--", "' OR '1'='1", "$1 $2::text", "'; SELECT pg_sleep(10); --",
        "\\\\x00 \\\" back\\\\slash", "%s%n%x", "Kecskemét \u{1F600} \" quoted \"", "1; DELETE FROM city WHERE true",
    ]

    @Test func sqlFragmentsInEveryTextFieldAreStoredVerbatim() async throws {
        try await withDaemon { daemon, _ in
            var next = 0
            func payload() -> String {
                defer { next += 1 }
                return Self.payloads[next % Self.payloads.count] + " #\(next)"
            }
            try await AdminSession.with(socketPath: daemon.socketPath) { session in
                // noun, fixed fields, free-text fields
                let records: [(String, [(String, String)], [String])] = [
                    ("city", [("country", "SE"), ("timezone", "Europe/Stockholm")], ["name", "region", "notes"]),
                    ("association", [("kind", "club"), ("city", "1")], ["name", "notes"]),
                    ("contact", [("association", "1")], ["name", "title", "unit", "notes"]),
                    ("visit", [("city", "1"), ("direction", "incoming"), ("from", "2027-05-03"), ("to", "2027-05-04")],
                     ["purpose", "paid-by", "notes"]),
                    ("exchange", [("city", "1"), ("from", "2027-06-01"), ("to", "2027-06-05")],
                     ["title", "partner-organisation", "grant-reference", "notes"]),
                    ("participant", [("exchange", "1"), ("birth-date", "1990-01-01")],
                     ["name", "consent-by", "special-needs", "emergency-contact", "notes"]),
                ]
                for (noun, fixed, texts) in records {
                    let values = texts.map { ($0, payload()) }
                    let reply = try await session.send(Request(words: [noun, "add"], options: fixed + values))
                    try #require(reply.status == .created, "\(noun): \(reply.message)")
                    let row = try #require(reply.table?.rows.first)
                    let columns = reply.table?.columns ?? []
                    for (key, value) in values {
                        let column = key.replacingOccurrences(of: "-", with: "_")
                        let index = try #require(columns.firstIndex(of: column), "\(noun) has no column \(column)")
                        #expect(row[index] == .string(value), "\(noun).\(key)")
                    }
                }
                // Every table is still there, and nothing was deleted.
                for noun in ["city", "association", "contact", "visit", "exchange", "participant"] {
                    #expect(try await session.send(line: "\(noun) list").table?.rows.count == 1, "\(noun)")
                }
            }
        }
    }

    @Test func outOfRangeNumbersAndImpossibleDatesNameTheirFieldAndWriteNothing() async throws {
        try await withDaemon { daemon, _ in
            #expect(try await daemon.ctl(["city", "add", "--name", "Lusaka", "--country", "ZM", "--timezone", "Africa/Lusaka"]).exitCode == 0)
            for (arguments, field) in [
                (["city", "add", "--name", "Xindu", "--country", "CN", "--timezone", "Asia/Shanghai", "--population", "99999999999999999999"], "population"),
                (["city", "add", "--name", "Xindu", "--country", "CN", "--timezone", "Asia/Shanghai", "--population", "-5"], "population"),
                (["visit", "add", "--city", "Lusaka", "--direction", "incoming", "--from", "2027-02-30", "--to", "2027-03-02"], "from"),
                (["visit", "add", "--city", "Lusaka", "--direction", "incoming", "--from", "2027-03-01", "--to", "2027-13-01"], "to"),
                (["visit", "add", "--city", "Lusaka", "--direction", "incoming", "--from", "2027-03-01", "--to", "2027-03-02",
                  "--participants", "9223372036854775808"], "participants"),
                (["visit", "add", "--city", "Lusaka", "--direction", "incoming", "--from", "2027-03-01", "--to", "2027-03-02",
                  "--cost", "1e400"], "cost"),
                (["exchange", "add", "--city", "Lusaka", "--from", "0000-01-01", "--to", "2027-03-02"], "from"),
            ] {
                let result = try await daemon.ctl(arguments)
                #expect(result.exitCode == 1)
                #expect(result.stderr.contains("422 INVALID \(field): "), "\(arguments): \(result.stderr)")
            }
            #expect(try await daemon.ctl(["upcoming", "--days", "99999999999999999999"]).exitCode == 64)
            let days = try await AdminSession.with(socketPath: daemon.socketPath) { try await $0.send(line: "upcoming days=99999999999999999999") }
            #expect(days.status == .syntax)
            #expect(days.message.contains("days must be a whole number"))
            for noun in ["visit", "exchange"] {
                #expect(try await daemon.ctl([noun, "list"]).stdout.split(separator: "\n").count == 1)
            }
            #expect(try await daemon.ctl(["city", "list"]).stdout.split(separator: "\n").count == 2)
        }
    }

    @Test func aTenMegabyteLineIsRefusedWithoutGrowingTheDaemon() async throws {
        try await withDaemon { daemon, _ in
            let before = daemon.residentKiB
            let socket = try PosixSocket(unixPath: daemon.socketPath)
            #expect(await socket.readLine()?.hasPrefix("200 VANORT") == true)
            let line = [UInt8](repeating: UInt8(ascii: "a"), count: 10 << 20)
            await socket.write(line, nonBlocking: false)
            #expect(await socket.readLine()?.hasPrefix("413 TOOLONG") == true)
            #expect(await socket.readLine() == nil)
            #expect(try await daemon.ctl(["ping"]).exitCode == 0)
            let grown = daemon.residentKiB - before
            #expect(grown < 16 * 1024, "RSS grew by \(grown) KiB")
        }
    }

    @Test func aThousandIdleConnectionsLeaveTheDaemonServingOthers() async throws {
        try await withDaemon(arguments: ["--max-clients", "1100"]) { daemon, _ in
            PosixSocket.raiseOpenFileLimit()
            let before = daemon.residentKiB
            var sockets: [PosixSocket] = []
            for _ in 0..<1000 {
                let socket = try PosixSocket(unixPath: daemon.socketPath)
                sockets.append(socket)
            }
            var greeted = 0
            for socket in sockets {
                if await socket.readLine()?.hasPrefix("200 VANORT") == true { greeted += 1 }
            }
            #expect(greeted == 1000)
            #expect(try await Self.connections(daemon) == 1001)
            let perConnection = (daemon.residentKiB - before) / 1000
            #expect(perConnection < 64, "\(perConnection) KiB per idle connection")
            sockets.removeAll()
            try await eventually("the sessions to close after their clients left") { try await Self.connections(daemon) == 1 }
        }
    }

    /// The session count `status` reports (its own session included).
    static func connections(_ daemon: DaemonProcess) async throws -> Int {
        let status = try await daemon.ctl(["--json", "status"])
        let object = try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any]
        return object?["connections"] as? Int ?? -1
    }

    @Test func aHalfOpenConnectionIsClosedByTheIdleTimeout() async throws {
        try await withDaemon(arguments: ["--idle-timeout", "1"]) { daemon, _ in
            // A request cut off mid-line, then silence: closed by the idle timeout.
            let silent = try PosixSocket(unixPath: daemon.socketPath)
            #expect(await silent.readLine()?.hasPrefix("200 VANORT") == true)
            await silent.write("PIN")
            #expect(await silent.readLine() == nil)
            #expect(try await daemon.ctl(["ping"]).exitCode == 0)
        }
    }

    /// Without a short idle timeout: on a loaded machine the client's own pace must not
    /// decide the outcome.
    @Test func aHalfClosedConnectionGetsEveryReplyThenEndOfFile() async throws {
        try await withDaemon { daemon, _ in
            // Requests, then the client shuts its sending side: every reply, then EOF.
            let halfClosed = try PosixSocket(unixPath: daemon.socketPath)
            #expect(await halfClosed.readLine()?.hasPrefix("200 VANORT") == true)
            await halfClosed.write("PING\nPING\n")
            halfClosed.shutdownWrite()
            #expect(await halfClosed.readLine() == "200 OK PONG")
            #expect(await halfClosed.readLine() == "200 OK PONG")
            #expect(await halfClosed.readLine() == nil)
            #expect(try await daemon.ctl(["ping"]).exitCode == 0)
        }
    }

    @Test func aPipelinedBurstFarLongerThanTheLineLimitIsAnsweredAndALongLineAfterItIsStill413() async throws {
        try await withDaemon(arguments: ["--max-line-bytes", "64"]) { daemon, _ in
            let socket = try PosixSocket(unixPath: daemon.socketPath)
            #expect(await socket.readLine()?.hasPrefix("200 VANORT") == true)
            // 10,000 bytes of requests in one write against a 64-byte limit: the limit is per line.
            await socket.write(Array(String(repeating: "PING\n", count: 2_000).utf8), nonBlocking: false)
            var pongs = 0
            for _ in 0..<2_000 where await socket.readLine() == "200 OK PONG" { pongs += 1 }
            #expect(pongs == 2_000)
            await socket.write(Array((String(repeating: "x", count: 100) + "\n").utf8), nonBlocking: false)
            #expect(await socket.readLine()?.hasPrefix("413 TOOLONG") == true)
            #expect(await socket.readLine() == nil)
            #expect(try await daemon.ctl(["ping"]).exitCode == 0)
        }
    }

    @Test func aClientThatNeverReadsCannotGrowTheDaemonsMemory() async throws {
        try await withDaemon { daemon, _ in
            let before = daemon.residentKiB
            let greedy = try PosixSocket(unixPath: daemon.socketPath)
            // HELP replies are large; write them for 3 s without reading any.
            let requests = Array(String(repeating: "HELP\n", count: 1000).utf8)
            var written = 0
            let deadline = ContinuousClock.now + .seconds(3)
            while ContinuousClock.now < deadline {
                let count = await greedy.write(requests, nonBlocking: true)
                written += count
                if count < requests.count { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(written < 10 << 20, "the daemon kept reading: \(written) bytes accepted")
            #expect(try await daemon.ctl(["ping"]).exitCode == 0)
            let grown = daemon.residentKiB - before
            #expect(grown < 32 * 1024, "RSS grew by \(grown) KiB")
        }
    }
}
