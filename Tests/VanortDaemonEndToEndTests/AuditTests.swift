import Foundation
import Testing
import VanortPostgres
import VanortTestSupport

/// The audit log commits with the change it records: one entry per command that changes
/// data, with the code its reply had, and nothing a crash could separate.
@Suite struct AuditTests {
    /// Every kind of changing command, answered on the socket: the entries are the replies'
    /// codes in order, one each; a refused change leaves its entry and no record.
    @Test func everyChangeCommitsWithOneAuditEntryCarryingItsRepliesCode() async throws {
        try await withDaemon { daemon, database in
            let requests = [
                "city add name=Utena country=LT timezone=Europe/Vilnius",
                "city add name=Lusaka country=ZM timezone=Africa/Lusaka",
                "city update Utena population=26000",
                "city delete Lusaka",
                "import city rows=1\nname=Kecskemét country=HU timezone=Europe/Budapest",
                "reminder add at=2031-01-01T09:00 note=Julmöte",
                "reminder cancel 1",
                "token create role=staff note=kansliet",
                "token revoke 1",
                "city add name=Rockford timezone=America/Chicago",
                "city delete Xindu",
            ]
            let codes = try await RawLineClient.with(socketPath: daemon.socketPath) { client -> [Int] in
                _ = try await client.readLine()
                try await client.send("HELLO 1 format=json\n")
                _ = try await client.readLine()
                var codes: [Int] = []
                for request in requests {
                    try await client.send(request + "\n")
                    let line = try #require(try await client.readLine(), "a reply to \(request)")
                    let reply = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                    codes.append(try #require(reply["code"] as? Int, "\(line)"))
                }
                return codes
            }
            #expect(codes == [201, 201, 210, 200, 201, 201, 210, 201, 210, 422, 404], "the replies")
            let entries = try await database.query("SELECT code, command FROM audit_log ORDER BY id")
            #expect(try entries.map { try $0.decode(Int.self, "code") } == codes, "one entry per change, with its reply's code")
            #expect(try entries.map { try $0.decode(String.self, "command") }.last == "city delete Xindu")
            let refused = try await database.query("SELECT count(*) AS n FROM city WHERE name = 'Rockford'")
            #expect(try refused.first?.decode(Int.self, "n") == 0, "the refused add wrote nothing")
        }
    }

    /// Writes a client pipelines commit together (one transaction, a savepoint each): every
    /// reply comes in order, a refused write among them is refused alone, each request keeps
    /// its own entry, and a read sent after them sees what they wrote.
    @Test func pipelinedWritesCommitTogetherYetEachIsRefusedAndRecordedAlone() async throws {
        try await withDaemon { daemon, database in
            let requests = (1...40).map { index in
                index == 17 ? "reminder add at=2020-01-01T09:00 note=för-sent format=json"
                    : "reminder add at=2031-03-\(String(format: "%02d", index % 28 + 1))T09:00 note=utbyte-\(index) format=json"
            } + ["city add name=Utena country=LT timezone=Europe/Vilnius format=json", "reminder list limit=100 format=json"]
            let lines = try await RawLineClient.with(socketPath: daemon.socketPath) { client -> [String] in
                _ = try await client.readLine()
                try await client.send(requests.map { $0 + "\n" }.joined())
                var lines: [String] = []
                for request in requests { lines.append(try #require(try await client.readLine(), "a reply to \(request)")) }
                return lines
            }
            let replies = try lines.map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
            let codes = replies.map { $0["code"] as? Int }
            #expect(codes == (1...40).map { $0 == 17 ? 422 : 201 } + [201, 210])
            #expect(replies[16]["field"] as? String == "at", "the refusal names the field")
            let notes = (replies.last?["rows"] as? [[String: Any]])?.compactMap { $0["note"] as? String } ?? []
            #expect(notes.count == 39, "the read after the writes sees all of them")
            let entries = try await database.query("SELECT code, command FROM audit_log ORDER BY id")
            #expect(try entries.map { try $0.decode(Int.self, "code") } == codes.dropLast().compactMap { $0 }, "one entry per write, in order")
            #expect(try entries.map { try $0.decode(String.self, "command") }[16].contains("för-sent"))
            #expect(try await database.query("SELECT count(*) AS n FROM reminder").first?.decode(Int.self, "n") == 39)
            // Each grouped write is counted once, with its reply after the group's commit.
            let metrics = try await daemon.ctl(["metrics"])
            let samples = MetricsTests.samples(metrics.stdout)
            #expect(samples[#"vanort_commands_total{code="201"}"#] == 40, "\(metrics.stdout)")
            #expect(samples[#"vanort_commands_total{code="422"}"#] == 1)
            #expect(samples[#"vanort_commands_total{code="210"}"#] == 1)
        }
    }

    /// A daemon killed while 2,000 pipelined adds run: whatever committed has exactly one
    /// entry, and no entry names a record that did not commit.
    @Test func aSIGKILLDuringPipelinedAddsLeavesEveryCommittedRecordWithExactlyOneAuditEntry() async throws {
        try await TestDatabase.with { database in
            let daemon = try await DaemonProcess.start(databaseURL: database.url)
            let adds = (1...2000).map { String(format: "city add name=Ort-%04d country=SE timezone=Europe/Stockholm\n", $0) }.joined()
            try await RawLineClient.with(socketPath: daemon.socketPath) { client in
                _ = try await client.readLine()
                try await client.send(adds)
                try await eventually("some of the adds committed") {
                    try await database.query("SELECT count(*) AS n FROM city WHERE name LIKE 'Ort-%'").first?.decode(Int.self, "n") ?? 0 >= 100
                }
                daemon.signal(SIGKILL)
                _ = try await daemon.waitForExit()
            }
            let tally = try #require(try await database.query(
                """
                SELECT (SELECT count(*) FROM city WHERE name LIKE 'Ort-%') AS cities,
                    (SELECT count(*) FROM audit_log WHERE command LIKE 'city add name=Ort-%' AND code = 201) AS entries,
                    (SELECT count(*) FROM city c WHERE c.name LIKE 'Ort-%'
                        AND (SELECT count(*) FROM audit_log a WHERE a.command = 'city add name=' || c.name || ' country=SE timezone=Europe/Stockholm') <> 1) AS unmatched
                """).first)
            let cities = try tally.decode(Int.self, "cities")
            #expect(cities >= 100 && cities < 2000, "the daemon died with adds still to run: \(cities) committed")
            #expect(try tally.decode(Int.self, "entries") == cities, "an entry for every committed add and none for an add that did not commit")
            #expect(try tally.decode(Int.self, "unmatched") == 0, "each committed add has exactly one entry")
            await daemon.stop()
        }
    }
}
