import Foundation
import Testing
import VanortTestSupport

/// The session layer as a raw client sees it (what `socat - UNIX-CONNECT:` shows).
@Suite struct AdminSessionTests {
    @Test func greetingPingAndASyntaxErrorLeaveTheSessionUsable() async throws {
        try await withDaemon { daemon, _ in
            try await RawLineClient.with(socketPath: daemon.socketPath) { client in
                let greeting = try await client.readLine()
                #expect(greeting?.hasPrefix("200 VANORT proto=1 version=") == true)
                #expect(greeting?.hasSuffix("role=admin") == true)
                try await client.send("PING\n")
                #expect(try await client.readLine() == "200 OK PONG")
                try await client.send("city add name=\"Palo Alto\n")
                #expect(try await client.readLine()?.hasPrefix("400 SYNTAX unbalanced quote") == true)
                try await client.send([0x50, 0x49, 0xC3, 0x28, 0x0A])
                #expect(try await client.readLine() == "400 SYNTAX request is not valid UTF-8")
                try await client.send([0x50, 0x00, 0x0A])
                #expect(try await client.readLine()?.hasPrefix("400 SYNTAX NUL byte") == true)
                try await client.send("frobnicate\r\n")
                #expect(try await client.readLine()?.hasPrefix("400 SYNTAX unknown command 'frobnicate'") == true)
                try await client.send("ping\r\n")
                #expect(try await client.readLine() == "200 OK PONG")
                try await client.send("QUIT\n")
                #expect(try await client.readLine() == "200 BYE")
                #expect(try await client.readLine() == nil)
            }
        }
    }

    @Test func helloChoosesJSONAndAnUnknownMajorVersionCloses() async throws {
        try await withDaemon { daemon, _ in
            try await RawLineClient.with(socketPath: daemon.socketPath) { client in
                _ = try await client.readLine()
                try await client.send("HELLO 1 format=json\n")
                #expect(try await client.readLine() == #"{"code":200,"status":"OK","message":"proto=1 format=json"}"#)
                try await client.send("PING\n")
                #expect(try await client.readLine() == #"{"code":200,"status":"OK","message":"PONG"}"#)
                try await client.send("PING format=text\n")
                #expect(try await client.readLine() == "200 OK PONG")
                try await client.send("STATUS\n")
                let status = try #require(try await client.readLine())
                let object = try #require(try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any])
                #expect(object["code"] as? Int == 210)
                try await client.send("HELLO 2\n")
                #expect(try await client.readLine() == #"{"code":505,"status":"NOPROTO","message":"supported=1"}"#)
                #expect(try await client.readLine() == nil)
            }
        }
    }

    @Test func helpListsTheCommandsAndStatusIsOneRow() async throws {
        try await withDaemon { daemon, _ in
            try await RawLineClient.with(socketPath: daemon.socketPath) { client in
                _ = try await client.readLine()
                try await client.send("HELP\n")
                #expect(try await client.readLine()?.hasPrefix("210 ROWS n=") == true)
                let help = try await client.readTable()
                #expect(help.first == "command\toptions\tsummary")
                let commands = help.dropFirst().map { $0.split(separator: "\t").first.map(String.init) ?? "" }
                #expect(Set(["HELLO", "QUIT", "HELP", "ping", "status"]).isSubset(of: Set(commands)))
                try await client.send("STATUS\n")
                #expect(try await client.readLine() == "210 ROWS n=1")
                let status = try await client.readTable()
                #expect(status.count == 2)
                #expect(status[0].split(separator: "\t").contains("database_reachable"))
            }
        }
    }

    @Test func aTooLongLineGets413AndCloseWhileOtherSessionsAreServed() async throws {
        try await withDaemon { daemon, _ in
            try await RawLineClient.with(socketPath: daemon.socketPath) { bystander in
                _ = try await bystander.readLine()
                try await RawLineClient.with(socketPath: daemon.socketPath) { client in
                    _ = try await client.readLine()
                    try? await client.send("PING " + String(repeating: "x", count: 100_000) + "\n")
                    #expect(try await client.readLine()?.hasPrefix("413 TOOLONG") == true)
                    #expect((try? await client.readLine()) == nil)
                }
                try await bystander.send("PING\n")
                #expect(try await bystander.readLine() == "200 OK PONG")
            }
        }
    }

    @Test func aLineJustOverTheLimitArrivingWholeIsAlso413() async throws {
        try await withDaemon(arguments: ["--max-line-bytes", "100"]) { daemon, _ in
            try await RawLineClient.with(socketPath: daemon.socketPath) { client in
                _ = try await client.readLine()
                try await client.send("PING " + String(repeating: "y", count: 96) + "\n")
                #expect(try await client.readLine()?.hasPrefix("413 TOOLONG") == true)
            }
        }
    }

    @Test func beyondMaxClientsANewSessionGets429() async throws {
        try await withDaemon(arguments: ["--max-clients", "2"]) { daemon, _ in
            try await RawLineClient.with(socketPath: daemon.socketPath) { first in
                #expect(try await first.readLine()?.hasPrefix("200 VANORT") == true)
                try await RawLineClient.with(socketPath: daemon.socketPath) { second in
                    let greeting = try await second.readLine()
                    #expect(greeting?.hasPrefix("200 VANORT") == true)
                    try await RawLineClient.with(socketPath: daemon.socketPath) { third in
                        let busy = try await third.readLine()
                        #expect(busy?.hasPrefix("429 BUSY") == true)
                        #expect(try await third.readLine() == nil)
                    }
                    try await second.send("PING\n")
                    #expect(try await second.readLine() == "200 OK PONG")
                }
            }
        }
    }

    @Test func anIdleSessionIsClosed() async throws {
        try await withDaemon(arguments: ["--idle-timeout", "1"]) { daemon, _ in
            // The idle clock starts when the connection is accepted, so measure from before connecting.
            let clock = ContinuousClock()
            let start = clock.now
            try await RawLineClient.with(socketPath: daemon.socketPath) { client in
                _ = try await client.readLine()
                #expect(try await client.readLine() == nil)
                #expect(clock.now - start >= .milliseconds(950))
            }
        }
    }

    @Test func tenThousandPipelinedPingsAreAnsweredInOrder() async throws {
        try await withDaemon { daemon, _ in
            try await RawLineClient.with(socketPath: daemon.socketPath) { client in
                _ = try await client.readLine()
                for _ in 0..<100 { try await client.send(String(repeating: "PING\n", count: 100)) }
                try await client.send("QUIT\n")
                var pongs = 0
                var ending = "EOF"
                while let line = try await client.readLine() {
                    if line == "200 BYE" { ending = "BYE"; break }
                    if line == "200 OK PONG" { pongs += 1 } else { Issue.record("unexpected reply: \(line)") }
                }
                #expect(pongs == 10_000)
                #expect(ending == "BYE")
            }
        }
    }
}
