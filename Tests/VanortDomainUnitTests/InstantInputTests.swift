import Foundation
import Testing
import VanortDomain

/// Every time input reads RFC 3339 and ISO 8601 as vanortd and other programs write them.
@Suite struct InstantInputTests {
    let stockholm = TimeZone(identifier: "Europe/Stockholm")!

    func read(_ text: String) throws(ValidationError) -> Date? {
        try FieldInput(["at": text]).optionalInstant("at", zone: stockholm)
    }

    @Test func whatVanortdPrintsAndWhatRFC3339AllowsReadsBack() throws {
        let nine = Date(timeIntervalSince1970: 1_796_288_400)  // 2026-12-03T09:00:00Z
        for text in [
            "2026-12-03T10:00:00+01:00", "2026-12-03T10:00+01:00", "2026-12-03T09:00:00Z", "2026-12-03t09:00:00z",
            "2026-12-03 10:00", "2026-12-03T10:00", "2026-12-03T09:00:00.000Z", "2026-12-03T10:00:00+0100", "2026-12-03T10:00:00+01",
            "2026-12-03T04:00:00-05:00",
        ] {
            #expect(try read(text) == nine, "\(text)")
        }
        #expect(try read("2026-12-03T09:00:00.250Z") == nine.addingTimeInterval(0.25))
    }

    @Test func aMalformedTimeNamesTheFieldAndTheForm() {
        for text in ["2026-12-03T25:00", "2026-13-03T10:00", "03.12.2026 10:00", "2026-12-03T10:00+15:00", "2026-12-03T10:00:00.Z"] {
            do throws(ValidationError) {
                _ = try read(text)
                Issue.record("\(text) was read")
            } catch {
                #expect(error.field == "at")
                #expect(error.rule.contains("YYYY-MM-DDTHH:MM"))
            }
        }
    }
}
