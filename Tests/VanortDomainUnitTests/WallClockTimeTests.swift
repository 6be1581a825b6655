import Foundation
import Testing
import VanortDomain

@Suite struct WallClockTimeTests {
    let stockholm = TimeZone(identifier: "Europe/Stockholm")!

    private func instant(_ iso: String, _ hour: Int, _ minute: Int, _ zone: TimeZone) throws -> String {
        let date = try #require(CalendarDate(iso: iso))
        let time = try #require(WallClockTime(date: date, hour: hour, minute: minute, zone: zone))
        return ISO8601DateFormatter().string(from: time.instant)
    }

    @Test func anOrdinaryMorningIsItsZonesOffsetFromUTC() throws {
        #expect(try instant("2027-01-15", 9, 0, stockholm) == "2027-01-15T08:00:00Z")
        #expect(try instant("2027-07-15", 9, 0, stockholm) == "2027-07-15T07:00:00Z")
        #expect(try instant("2027-07-15", 9, 0, TimeZone(identifier: "America/Los_Angeles")!) == "2027-07-15T16:00:00Z")
    }

    @Test func aTimeInTheSpringForwardGapMovesToTheFirstInstantAfterIt() throws {
        // 2027-03-28: clocks go from 02:00 CET to 03:00 CEST; 02:30 does not exist.
        #expect(try instant("2027-03-28", 2, 30, stockholm) == "2027-03-28T01:00:00Z")
        #expect(try instant("2027-03-28", 3, 0, stockholm) == "2027-03-28T01:00:00Z")
        #expect(try instant("2027-03-28", 1, 59, stockholm) == "2027-03-28T00:59:00Z")
    }

    @Test func aRepeatedFallBackTimeMeansItsFirstOccurrence() throws {
        // 2027-10-31: 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
        #expect(try instant("2027-10-31", 2, 30, stockholm) == "2027-10-31T00:30:00Z")
        #expect(try instant("2027-10-31", 3, 30, stockholm) == "2027-10-31T02:30:00Z")
    }

    @Test func datesMoveAcrossMonthsAndLeapDays() throws {
        let date = try #require(CalendarDate(iso: "2028-03-01"))
        #expect(date.adding(days: -1).description == "2028-02-29")
        #expect(date.adding(days: -60).description == "2028-01-01")
        #expect(date.adding(days: 306).description == "2029-01-01")
    }

    @Test func outOfRangeTimesAreRefused() throws {
        let date = try #require(CalendarDate(iso: "2027-01-01"))
        #expect(WallClockTime(date: date, hour: 24, minute: 0, zone: stockholm) == nil)
        #expect(WallClockTime(date: date, hour: 9, minute: 60, zone: stockholm) == nil)
    }
}
