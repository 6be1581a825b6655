import Foundation
import Testing
@testable import VanortDomain

@Suite struct ICalendarTests {
    @Test func textIsEscapedAndLongLinesFoldWithoutSplittingCharacters() {
        #expect(ICalendar.escape("a;b,c\\d\ne\r") == "a\\;b\\,c\\\\d\\ne")
        let line = "SUMMARY:" + String(repeating: "å", count: 60)
        let folded = ICalendar.fold(line)
        #expect(folded.count == 2)
        #expect(folded.allSatisfy { $0.utf8.count <= 75 })
        #expect(folded[1].hasPrefix(" "))
        #expect(folded[0] + folded[1].dropFirst() == line)
        #expect(ICalendar.fold("SHORT:x") == ["SHORT:x"])
    }

    @Test func anAllDayEventEndsTheDayAfterItsLastDay() throws {
        let first = try #require(CalendarDate(iso: "2027-12-30"))
        let last = try #require(CalendarDate(iso: "2027-12-31"))
        let lines = ICalendar.lines(
            [CalendarEvent(uid: "visit-1@vanort", first: first, last: last, summary: "Visit", status: "CONFIRMED")],
            name: "vanort", stamp: Date(timeIntervalSince1970: 0))
        #expect(lines.contains("DTSTART;VALUE=DATE:20271230"))
        #expect(lines.contains("DTEND;VALUE=DATE:20280101"))
        #expect(lines.contains("DTSTAMP:19700101T000000Z"))
        #expect(lines.first == "BEGIN:VCALENDAR" && lines.last == "END:VCALENDAR")
        #expect(CalendarDate(iso: "2028-02-28")?.nextDay == CalendarDate(iso: "2028-02-29"))
    }

    @Test func uidsNameTheHomeMunicipalitySoTwoOfficesNeverCollide() {
        #expect(CalendarEvent.uid(type: "visit", id: 12, home: "Linköping") == "visit-12@linkoping.vanort")
        #expect(CalendarEvent.uid(type: "exchange", id: 3, home: "Lidköping") == "exchange-3@lidkoping.vanort")
        #expect(CalendarEvent.uid(type: "visit", id: 1, home: "Upplands Väsby ") == "visit-1@upplands-vasby.vanort")
        #expect(CalendarEvent.uid(type: "visit", id: 1, home: "Malmö") != CalendarEvent.uid(type: "visit", id: 1, home: "Lund"))
        #expect(CalendarEvent.uid(type: "visit", id: 1, home: "…") == "visit-1@vanort")
    }
}
