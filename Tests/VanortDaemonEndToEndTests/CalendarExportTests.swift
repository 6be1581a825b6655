import Foundation
import Testing
import VanortTestSupport

/// True when `python3 -c "import icalendar"` works.
let icalendarAvailable = (try? Process.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", "-c", "import icalendar"]))
    .map { process in process.waitUntilExit(); return process.terminationStatus == 0 } ?? false

/// `vanortctl calendar export` read back by an independent parser, Python's `icalendar`
/// (deploy/test.sh installs it).
@Suite(.enabled(if: icalendarAvailable, "needs Python's icalendar package (deploy/test.sh installs it)"))
struct CalendarExportTests {
    /// Parses an .ics file with icalendar and returns its events as plain JSON objects.
    static func parse(_ path: String) async throws -> [[String: Any]] {
        let script = """
            import icalendar, json, sys
            cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
            out = []
            for e in cal.walk('VEVENT'):
                out.append({'uid': str(e['UID']), 'summary': str(e['SUMMARY']), 'start': e['DTSTART'].dt.isoformat(),
                            'end': e['DTEND'].dt.isoformat(), 'location': str(e.get('LOCATION', '')),
                            'description': str(e.get('DESCRIPTION', '')), 'status': str(e['STATUS']),
                            'sequence': int(e['SEQUENCE'])})
            print(json.dumps({'version': str(cal['VERSION']), 'events': out}))
            """
        let result = try await CommandResult.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script, path])
        try #require(result.exitCode == 0, "icalendar could not read it: \(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["version"] as? String == "2.0")
        return object["events"] as? [[String: Any]] ?? []
    }

    @Test func theExportParsesWithStableUIDsFoldedUTF8AndExclusiveEnds() async throws {
        try await withDaemon { daemon, _ in
            let longPurpose = String(repeating: "Studiebesök om äldreomsorg, kultur; och skola. ", count: 6) + "Slut"
            for arguments in [
                ["city", "add", "--name", "Kecskemét", "--country", "HU", "--timezone", "Europe/Budapest"],
                ["association", "add", "--name", "Vänortsföreningen", "--kind", "friendship-association", "--city", "Kecskemét"],
                ["visit", "add", "--city", "Kecskemét", "--direction", "outgoing", "--kind", "study", "--from", isoDay(fromToday: 10),
                 "--to", isoDay(fromToday: 14), "--purpose", longPurpose, "--association", "Vänortsföreningen", "--participants", "12"],
                ["exchange", "add", "--title", "Ungdomsutbyte, sommar", "--city", "Kecskemét", "--from", isoDay(fromToday: 40), "--to", isoDay(fromToday: 47)],
                ["visit", "add", "--city", "Kecskemét", "--direction", "incoming", "--from", isoDay(fromToday: 500), "--to", isoDay(fromToday: 501)],
            ] {
                let result = try await daemon.ctl(arguments)
                try #require(result.exitCode == 0, "\(arguments): \(result.stderr)")
            }
            let export = try await daemon.ctl(["calendar", "export"])
            #expect(export.exitCode == 0, "\(export.stderr)")
            // CRLF everywhere, no line over 75 octets.
            let lines = export.stdout.components(separatedBy: "\r\n").dropLast()
            #expect(!lines.isEmpty && lines.allSatisfy { !$0.contains("\n") && $0.utf8.count <= 75 })
            #expect(export.stdout.hasSuffix("END:VCALENDAR\r\n"))

            let file = daemon.directory.appendingPathComponent("vanort.ics")
            try export.stdout.write(to: file, atomically: true, encoding: .utf8)
            let events = try await Self.parse(file.path)
            #expect(events.count == 2, "the visit in 500 days is outside the default 365")
            let visit = try #require(events.first { ($0["uid"] as? String) == "visit-1@linkoping.vanort" })
            #expect(visit["summary"] as? String == "Outgoing study visit: Kecskemét")
            #expect(visit["start"] as? String == isoDay(fromToday: 10))
            #expect(visit["end"] as? String == isoDay(fromToday: 15), "DTEND is the day after the last day")
            #expect(visit["location"] as? String == "Kecskemét, HU")
            #expect((visit["description"] as? String)?.hasPrefix(longPurpose + "\nOrganiser: Vänortsföreningen\nParticipants: 12") == true)
            #expect(visit["status"] as? String == "TENTATIVE")
            let exchange = try #require(events.first { ($0["uid"] as? String) == "exchange-1@linkoping.vanort" })
            #expect(exchange["summary"] as? String == "Ungdomsutbyte, sommar")

            // In Swedish, the same events with Swedish words; the UIDs stay.
            let swedishFile = file.deletingLastPathComponent().appendingPathComponent("sv.ics")
            try (try await daemon.ctl(["--lang", "sv", "calendar", "export"])).stdout.write(to: swedishFile, atomically: true, encoding: .utf8)
            let swedish = try #require(try await Self.parse(swedishFile.path).first { ($0["uid"] as? String) == "visit-1@linkoping.vanort" })
            #expect(swedish["summary"] as? String == "Utgående studiebesök: Kecskemét")
            #expect((swedish["description"] as? String)?.contains("\nArrangör: Vänortsföreningen\nDeltagare: 12\nStatus: planerad") == true)

            // Moving the visit keeps its UID and raises its SEQUENCE.
            #expect(try await daemon.ctl(["visit", "update", "1", "--status", "confirmed", "--to", isoDay(fromToday: 16)]).exitCode == 0)
            try (try await daemon.ctl(["calendar", "export", "--days", "30", "--city", "kecskemet"])).stdout
                .write(to: file, atomically: true, encoding: .utf8)
            let moved = try await Self.parse(file.path)
            #expect(moved.count == 1)
            #expect(moved.first?["uid"] as? String == "visit-1@linkoping.vanort")
            #expect(moved.first?["end"] as? String == isoDay(fromToday: 17))
            #expect(moved.first?["status"] as? String == "CONFIRMED")
            #expect(moved.first?["sequence"] as? Int == 2)
        }
    }
}
