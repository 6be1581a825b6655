import Foundation
import Testing
import VanortProtocol

/// The one format instants are shown in: ISO 8601 with the zone's offset, to the second.
@Suite struct LocalTimeTests {
    let stockholm = TimeZone(identifier: "Europe/Stockholm")!

    @Test func anInstantIsWrittenWithTheOffsetOfItsZoneOnThatDay() {
        let winter = Date(timeIntervalSince1970: 1_796_288_400)  // 2026-12-03T09:00:00Z
        #expect(LocalTime.string(winter, in: stockholm) == "2026-12-03T10:00:00+01:00")
        let summer = Date(timeIntervalSince1970: 1_814_684_400)  // 2027-07-04T07:00:00Z
        #expect(LocalTime.string(summer, in: stockholm) == "2027-07-04T09:00:00+02:00")
        #expect(LocalTime.string(winter, in: .gmt) == "2026-12-03T09:00:00Z")
        #expect(LocalTime.string(winter, in: TimeZone(identifier: "America/Chicago")!) == "2026-12-03T03:00:00-06:00")
        #expect(LocalTime.string(winter, in: TimeZone(identifier: "Asia/Kolkata")!) == "2026-12-03T14:30:00+05:30")
    }

    @Test func fractionsOfASecondAreNotShown() {
        let date = Date(timeIntervalSince1970: 1_796_288_400.75)
        #expect(LocalTime.string(date, in: stockholm) == "2026-12-03T10:00:00+01:00")
    }

    @Test func onlyIANANamesAndUTCAreZones() {
        #expect(LocalTime.zone(named: "Europe/Vilnius")?.identifier == "Europe/Vilnius")
        #expect(LocalTime.zone(named: "UTC") != nil)
        #expect(LocalTime.zone(named: ":/etc/localtime") == nil)
        #expect(LocalTime.zone(named: "CET-1CEST") == nil)
        #expect(LocalTime.zone(named: "Mars/Olympus_Mons") == nil)
    }
}
