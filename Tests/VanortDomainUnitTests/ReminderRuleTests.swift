import Foundation
import Testing
import VanortDomain

@Suite struct ReminderRuleTests {
    let stockholm = TimeZone(identifier: "Europe/Stockholm")!
    /// The injected "now" of these tests: 2026-11-22 12:00 UTC.
    let now = Date(timeIntervalSince1970: 1_795_348_800)

    private func rule(_ fields: [String: String], contactID: Int? = nil) throws(ValidationError) -> ReminderRule {
        try ReminderRule(FieldInput(["name": "test"].merging(fields) { $1 }), contactID: contactID)
    }

    private func iso(_ dates: [Date]) -> [String] {
        dates.map { ISO8601DateFormatter().string(from: $0) }
    }

    @Test func aVisitRuleFallsItsDaysBeforeTheStartAtNineInTheZone() throws {
        let before = try rule(["event": "visit", "days": "14"])
        let visit = ReminderOccasion(start: CalendarDate(iso: "2027-05-03"), end: CalendarDate(iso: "2027-05-07"))
        #expect(iso(before.dueTimes(for: visit, zone: stockholm, after: now)) == ["2027-04-19T07:00:00Z"])
        let followUp = try rule(["event": "visit", "days": "7", "when": "after", "of": "end"])
        #expect(iso(followUp.dueTimes(for: visit, zone: stockholm, after: now)) == ["2027-05-14T07:00:00Z"])
    }

    @Test func aPastLeadTimeOfAVisitStillAheadIsPlannedAtItsInstantSoItIsDeliveredAtOnce() throws {
        let before = try rule(["event": "visit", "days": "14"])
        let soon = ReminderOccasion(start: CalendarDate(iso: "2026-11-30"), end: CalendarDate(iso: "2026-12-01"))
        #expect(iso(before.dueTimes(for: soon, zone: stockholm, after: now)) == ["2026-11-16T08:00:00Z"])
        let over = ReminderOccasion(start: CalendarDate(iso: "2026-11-20"), end: CalendarDate(iso: "2026-11-21"))
        #expect(before.dueTimes(for: over, zone: stockholm, after: now).isEmpty, "a visit already over is not announced")
        let cancelled = ReminderOccasion(start: CalendarDate(iso: "2027-05-03"), end: CalendarDate(iso: "2027-05-07"), cancelled: true)
        #expect(before.dueTimes(for: cancelled, zone: stockholm, after: now).isEmpty)
    }

    @Test func theStockholmDSTDaysGiveExactlyOneRightInstant() throws {
        let night = try rule(["event": "visit", "days": "1", "at": "02:30", "timezone": "Europe/Stockholm"])
        // 2027-03-28 02:30 does not exist: the first instant after the gap, 03:00 CEST.
        let spring = ReminderOccasion(start: CalendarDate(iso: "2027-03-29"), end: CalendarDate(iso: "2027-03-29"))
        #expect(iso(night.dueTimes(for: spring, zone: stockholm, after: now)) == ["2027-03-28T01:00:00Z"])
        // 2027-10-31 02:30 happens twice: once, the first time (CEST).
        let autumn = ReminderOccasion(start: CalendarDate(iso: "2027-11-01"), end: CalendarDate(iso: "2027-11-01"))
        #expect(iso(night.dueTimes(for: autumn, zone: stockholm, after: now)) == ["2027-10-31T00:30:00Z"])
    }

    @Test func jubileesComeEveryFiveYearsFromTheStartYearOnTheSigningDay() throws {
        let jubilee = try rule(["event": "agreement-anniversary", "of": "due", "days": "180"])
        #expect(jubilee.everyYears == 5)
        let paloAlto = ReminderOccasion(kind: "sister-city", sinceYear: 1987, signed: CalendarDate(iso: "1987-06-10"))
        let times = iso(jubilee.dueTimes(for: paloAlto, zone: stockholm, after: now, horizonYears: 10))
        // 40 and 45 years (2027, 2032), 180 days ahead; 50 years (2037) lies beyond the ten-year horizon.
        #expect(times == ["2026-12-12T08:00:00Z", "2031-12-13T08:00:00Z"])
    }

    @Test func filtersByKindAndDirection() throws {
        let political = try rule(["event": "visit", "days": "14", "kinds": "political", "direction": "incoming"])
        let study = ReminderOccasion(start: CalendarDate(iso: "2027-05-03"), end: CalendarDate(iso: "2027-05-03"), kind: "study", direction: "incoming")
        #expect(political.dueTimes(for: study, zone: stockholm, after: now).isEmpty)
        var match = study
        match.kind = "political"
        #expect(political.dueTimes(for: match, zone: stockholm, after: now).count == 1)
        match.direction = "outgoing"
        #expect(political.dueTimes(for: match, zone: stockholm, after: now).isEmpty)
    }

    @Test func invalidRulesNameTheirField() throws {
        #expect(throws: ValidationError.self) { try rule(["event": "party"]) }
        do {
            _ = try rule(["event": "visit", "of": "due"])
            Issue.record("of=due accepted for a visit")
        } catch { #expect(error.field == "of") }
        do {
            _ = try rule(["event": "visit", "recipients": "contact"])
            Issue.record("recipients=contact accepted without a contact")
        } catch { #expect(error.field == "contact") }
        do {
            _ = try rule(["event": "visit", "at": "25:00"])
            Issue.record("25:00 accepted")
        } catch { #expect(error.field == "at") }
        do {
            _ = try rule(["event": "visit", "kinds": "picnic"])
            Issue.record("an unknown kind accepted")
        } catch { #expect(error.field == "kinds") }
        do {
            _ = try rule(["event": "visit", "every-years": "5"])
            Issue.record("every-years accepted for a visit")
        } catch { #expect(error.field == "every-years") }
    }

    @Test func instantsAreReadInTheGivenZoneUnlessTheyNameOne() throws {
        func read(_ text: String) throws -> String? {
            try FieldInput(["at": text]).optionalInstant("at", zone: stockholm).map { ISO8601DateFormatter().string(from: $0) }
        }
        #expect(try read("2027-04-20T09:00") == "2027-04-20T07:00:00Z")
        #expect(try read("2027-04-20T09:00:30Z") == "2027-04-20T09:00:30Z")
        #expect(try read("2027-04-20T09:00-07:00") == "2027-04-20T16:00:00Z")
        #expect(try read("2027-03-28T02:30") == "2027-03-28T01:00:00Z")
        for bad in ["2027-02-30T09:00", "2027-04-20T24:00", "tomorrow", "2027-04-20T09:00+25:00", "2027-04-20T09:00:00Zjunk"] {
            #expect(throws: ValidationError.self, "\(bad)") { try read(bad) }
        }
    }

    @Test func theNoticeSpeaksTheRecipientsLanguage() {
        let notice = ReminderNotice(
            event: .visit, about: "visit:3", title: "Palo Alto", start: CalendarDate(iso: "2027-05-03"),
            end: CalendarDate(iso: "2027-05-07"), kind: "study", direction: "incoming", offsetDays: 7,
            note: "Skicka rapporten.", dueAt: now)
        #expect(notice.subject(in: .sv) == "Uppföljning av besök: Palo Alto (2027-05-03 – 2027-05-07)")
        #expect(notice.subject(in: .en) == "Follow-up of visit: Palo Alto (2027-05-03 – 2027-05-07)")
        #expect(notice.body(in: .sv).contains("Riktning: inkommande"))
        #expect(notice.body(in: .en).contains("Direction: incoming"))
        #expect(notice.body(in: .en).contains("Skicka rapporten."))
    }

    /// What a person needs to act: what, when, where, who, how many, why, what to do, and how
    /// to acknowledge or snooze this reminder; the kind in the reader's words.
    @Test func theBodySaysWhatWhenWhereWhoHowManyWhyAndHowToAcknowledge() {
        let notice = ReminderNotice(
            event: .visit, about: "visit:3", title: "Palo Alto", start: CalendarDate(iso: "2027-05-03"),
            end: CalendarDate(iso: "2027-05-07"), kind: "study", direction: "outgoing", offsetDays: -14,
            note: "Boka resan.", dueAt: now, place: "Palo Alto, US", participants: 12, purpose: "Smart City study visit",
            responsible: "Anna Berg")
        let swedish = notice.body(in: .sv, reminderID: 23)
        for line in ["Kommande besök: Palo Alto (2027-05-03 – 2027-05-07)", "Typ: studiebesök", "Riktning: utgående",
                     "När: 2027-05-03 – 2027-05-07", "Var: Palo Alto, US", "Ansvarig: Anna Berg", "Antal resenärer: 12",
                     "Syfte: Smart City study visit", "Att göra:\nBoka resan.", "Kvittera: vanortctl reminder ack 23",
                     "Skjut upp: vanortctl reminder snooze 23 --until DATUM", "kalenderfil (.ics)"] {
            #expect(swedish.contains(line), "\(line) in \(swedish)")
        }
        #expect(notice.body(in: .en, reminderID: 23).contains("Type") == false)
        #expect(notice.body(in: .en, reminderID: 23).contains("Kind: study visit"))
        let event = notice.calendarEvent(home: "Linköping")
        #expect(event?.uid == "visit-3@linkoping.vanort")
        #expect(event?.first == CalendarDate(iso: "2027-05-03"))
        #expect(event?.last == CalendarDate(iso: "2027-05-07"))
        #expect(event?.location == "Palo Alto, US")
    }
}
