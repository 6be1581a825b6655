import Testing
import VanortDomain

@Suite struct CalendarDateTests {
    @Test func onlyRealDatesInISOFormAreDates() {
        #expect(CalendarDate(iso: "2027-05-03")?.description == "2027-05-03")
        #expect(CalendarDate(iso: "2028-02-29") != nil)
        #expect(CalendarDate(iso: "2027-02-29") == nil)
        #expect(CalendarDate(iso: "2027-02-30") == nil)
        #expect(CalendarDate(iso: "1900-02-29") == nil)
        #expect(CalendarDate(iso: "2000-02-29") != nil)
        #expect(CalendarDate(iso: "2027-13-01") == nil)
        #expect(CalendarDate(iso: "2027-5-3") == nil)
        #expect(CalendarDate(iso: "27-05-03") == nil)
        #expect(CalendarDate(iso: "2027-05-03T09:00") == nil)
        #expect(CalendarDate(iso: "２０２７-05-03") == nil)
        #expect(CalendarDate(iso: "2027-05-03")! < CalendarDate(iso: "2027-05-10")!)
    }
}
