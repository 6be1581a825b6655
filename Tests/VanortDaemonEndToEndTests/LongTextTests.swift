import Foundation
import Testing
import VanortTestSupport

/// Long text through vanortctl: a note of 64 Ki characters arrives whole; a longer one is
/// refused naming the field and its length, and the session and record stay as they were.
@Suite struct LongTextTests {
    @Test func aSixtyFourKilobyteNoteGoesThroughAndALongerOneIsRefusedNamingItsLength() async throws {
        try await withDaemon { daemon, _ in
            for command in [
                ["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
                ["city", "add", "--name", "Kecskemét", "--country", "HU", "--timezone", "Europe/Budapest"],
                ["visit", "add", "--city", "Kecskemét", "--direction", "outgoing", "--from", "2027-05-03", "--to", "2027-05-07"],
            ] {
                let result = try await daemon.ctl(command)
                try #require(result.exitCode == 0, "\(result.stderr)")
            }
            // 9,600 characters (what a report pasted from a document is), then the most a note keeps.
            let sentence = "Körerna från Lidköping och Kecskemét sjöng tillsammans i Református Nagytemplom.\n"
            for length in [9_600, 65_536] {
                let note = String(String(repeating: sentence, count: length / sentence.count + 1).prefix(length))
                let updated = try await daemon.ctl(["--json", "visit", "update", "1", "--notes", note])
                #expect(updated.exitCode == 0, "\(length): \(updated.stderr.prefix(300))")
                let shown = try await daemon.ctl(["--json", "visit", "show", "1"])
                let object = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
                #expect((object["notes"] as? String)?.count == note.trimmingCharacters(in: .whitespaces).count, "\(length) characters arrive whole")
            }
            let tooLong = String(repeating: "a", count: 70_000)  // (one argument may hold at most 128 KiB)
            let refused = try await daemon.ctl(["visit", "update", "1", "--notes", tooLong])
            #expect(refused.exitCode == 1)
            #expect(refused.stderr.contains("422 INVALID notes:") && refused.stderr.contains("is 70000 characters long; at most 65536"), "\(refused.stderr.prefix(300))")
            #expect(try await daemon.ctl(["ping"]).exitCode == 0)
        }
    }
}
