import Foundation
import Testing
import VanortDomain

/// Every kind of rule walked over the instants just before, on and after each of its
/// boundaries (the lead time, the event's day, the deadline, the cadence, the overdue
/// window): nothing a rule covers is left without a reminder, and nothing done or over is
/// chased. Stockholm time; in December that is UTC+1.
@Suite struct ReminderRuleBoundaryTests {
    let stockholm = TimeZone(identifier: "Europe/Stockholm")!

    func rule(_ fields: [String: String]) throws -> ReminderRule {
        try ReminderRule(FieldInput(["name": "walk"].merging(fields) { $1 }), contactID: nil)
    }

    /// An instant written with its offset, e.g. `2026-12-06T09:00:00+01:00`.
    func at(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    func day(_ text: String) -> CalendarDate? { CalendarDate(iso: text) }

    @Test func aVisitsLeadTimeIsOnTimeThenShortNoticeUntilTheVisitStartsThenNothing() throws {
        let before = try rule(["event": "visit", "days": "14"])
        let visit = ReminderOccasion(start: day("2026-12-20"), end: day("2026-12-22"))
        let lead = at("2026-12-06T09:00:00+01:00")
        for now in [lead - 1, lead, lead + 1, at("2026-12-19T12:00:00+01:00"), at("2026-12-20T23:59:59+01:00")] {
            #expect(before.dueTimes(for: visit, zone: stockholm, after: now) == [lead], "at \(now)")
        }
        #expect(before.dueTimes(for: visit, zone: stockholm, after: at("2026-12-21T00:00:00+01:00")).isEmpty)
    }

    @Test func anExchangesLeadTimeBehavesLikeAVisitsAndItsEndIsNotChased() throws {
        let before = try rule(["event": "exchange", "days": "60"])
        let exchange = ReminderOccasion(start: day("2027-01-10"), end: day("2027-01-20"))
        let lead = at("2026-11-11T09:00:00+01:00")
        #expect(before.dueTimes(for: exchange, zone: stockholm, after: at("2026-12-01T09:00:00+01:00")) == [lead])
        let after = try rule(["event": "exchange", "days": "7", "when": "after", "of": "end"])
        #expect(after.dueTimes(for: exchange, zone: stockholm, after: at("2027-02-01T09:00:00+01:00")).isEmpty)
    }

    @Test func aVisitsReportIsChasedWeeklyFromItsFollowUpUntilReported() throws {
        let followUp = try rule(["event": "visit", "days": "7", "when": "after", "of": "end"])
        let visit = ReminderOccasion(start: day("2026-12-18"), end: day("2026-12-20"))
        let due = at("2026-12-27T09:00:00+01:00")
        let week: TimeInterval = 7 * 86_400
        #expect(followUp.dueTimes(for: visit, zone: stockholm, after: due - 1) == [due])
        #expect(followUp.dueTimes(for: visit, zone: stockholm, after: due) == [due, due + week])
        #expect(followUp.dueTimes(for: visit, zone: stockholm, after: due + 1) == [due, due + week])
        #expect(followUp.dueTimes(for: visit, zone: stockholm, after: due + week - 1) == [due, due + week])
        #expect(followUp.dueTimes(for: visit, zone: stockholm, after: due + week + 1) == [due + week, due + 2 * week])
        var reported = visit
        reported.reported = true
        #expect(followUp.dueTimes(for: reported, zone: stockholm, after: due + 1).isEmpty, "reporting resolves the follow-up")
    }

    @Test func aReportOverdueLongerThanTheWindowIsNoLongerChased() throws {
        let followUp = try rule(["event": "visit", "days": "7", "when": "after", "of": "end"])
        let visit = ReminderOccasion(start: day("2026-01-10"), end: day("2026-01-12"))
        // The deadline is 2026-01-19: 180 days later is 2026-07-18.
        #expect(!followUp.dueTimes(for: visit, zone: stockholm, after: at("2026-07-18T12:00:00+02:00")).isEmpty)
        #expect(followUp.dueTimes(for: visit, zone: stockholm, after: at("2026-07-19T12:00:00+02:00")).isEmpty)
    }

    @Test func aReviewGetsItsLeadTimeItsDayAndThenWeeklyRemindersWhileOverdue() throws {
        let review = try rule(["event": "agreement-review", "days": "90", "of": "due", "recipients": "staff"])
        let agreement = ReminderOccasion(due: day("2027-03-01"))
        let lead = at("2026-12-01T09:00:00+01:00"), dueDay = at("2027-03-01T09:00:00+01:00")
        let week: TimeInterval = 7 * 86_400
        #expect(review.dueTimes(for: agreement, zone: stockholm, after: lead - 1) == [lead, dueDay])
        #expect(review.dueTimes(for: agreement, zone: stockholm, after: lead + 1) == [lead, dueDay], "short notice, and the day itself")
        #expect(review.dueTimes(for: agreement, zone: stockholm, after: dueDay - 1) == [lead, dueDay])
        #expect(review.dueTimes(for: agreement, zone: stockholm, after: dueDay) == [lead, dueDay, dueDay + week])
        #expect(review.dueTimes(for: agreement, zone: stockholm, after: at("2027-03-02T08:00:00+01:00")) == [dueDay, dueDay + week])
    }

    @Test func aReviewDueInThePastGetsAReminderAtOnceHoweverLongAgo() throws {
        let review = try rule(["event": "agreement-review", "days": "90", "of": "due", "recipients": "staff"])
        let now = at("2026-12-01T12:00:00+01:00")
        let times = review.dueTimes(for: ReminderOccasion(due: day("2020-01-31")), zone: stockholm, after: now)
        #expect(times.count == 2)
        #expect(times[0] <= now && times[1] > now)
        #expect(times[1].timeIntervalSince(times[0]) == 7 * 86_400)
        #expect(now.timeIntervalSince(times[0]) < 7 * 86_400, "the latest weekly reminder, not one from 2020")
    }

    @Test func aDormantEndedOrExpiredAgreementHasNoReviewsAndNoAnniversaries() throws {
        let review = try rule(["event": "agreement-review", "days": "90", "of": "due"])
        let jubilee = try rule(["event": "agreement-anniversary", "days": "180", "of": "due", "every-years": "5"])
        let xindu = ReminderOccasion(due: day("2027-03-01"), cancelled: true, sinceYear: 2015)
        let now = at("2026-12-01T12:00:00+01:00")
        #expect(review.dueTimes(for: xindu, zone: stockholm, after: now).isEmpty)
        #expect(jubilee.dueTimes(for: xindu, zone: stockholm, after: now).isEmpty)
    }

    @Test func anActivityIsChasedFromItsDueDayUntilClosedAndNotBeyondTheWindow() throws {
        let activity = try rule(["event": "activity", "days": "7", "of": "due"])
        let open = ReminderOccasion(due: day("2026-12-10"))
        let dueDay = at("2026-12-10T09:00:00+01:00")
        #expect(activity.dueTimes(for: open, zone: stockholm, after: at("2026-12-01T09:00:00+01:00")) == [at("2026-12-03T09:00:00+01:00"), dueDay])
        #expect(activity.dueTimes(for: open, zone: stockholm, after: dueDay + 3600) == [at("2026-12-03T09:00:00+01:00"), dueDay, dueDay + 7 * 86_400])
        #expect(activity.dueTimes(for: open, zone: stockholm, after: dueDay + 86_400) == [dueDay, dueDay + 7 * 86_400])
        let closed = ReminderOccasion(due: day("2026-12-10"), cancelled: true)
        #expect(activity.dueTimes(for: closed, zone: stockholm, after: dueDay + 3600).isEmpty)
        #expect(activity.dueTimes(for: open, zone: stockholm, after: at("2027-06-09T09:00:00+02:00")).isEmpty)
    }

    /// The quickstart's Utena (twin town since 1997) and Lusaka (since 2017) both have a
    /// jubilee in 2027, whose 180-day lead passed in July 2026: short notice, at once.
    @Test func anAnniversaryWhoseLeadTimePassedIsPlannedAtOnceUntilTheDay() throws {
        let jubilee = try rule(["event": "agreement-anniversary", "days": "180", "of": "due", "every-years": "5"])
        let now = at("2026-12-01T12:00:00+01:00")
        for since in [1997, 2017] {
            let times = jubilee.dueTimes(for: ReminderOccasion(kind: "twin-town", sinceYear: since), zone: stockholm, after: now)
            #expect(times.first == at("2026-07-05T09:00:00+02:00"), "\(since): \(times)")
            #expect(times.dropFirst().allSatisfy { $0 > now })
        }
        let afterTheDay = at("2027-01-02T12:00:00+01:00")
        let later = jubilee.dueTimes(for: ReminderOccasion(kind: "twin-town", sinceYear: 1997), zone: stockholm, after: afterTheDay)
        #expect(later.allSatisfy { $0 > afterTheDay }, "once the day has passed its jubilee is history")
    }
}
