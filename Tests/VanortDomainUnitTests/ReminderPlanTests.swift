import Foundation
import Testing
import VanortDomain

/// The planner's diff between an event's reminders and what its rules want, without a database.
@Suite struct ReminderPlanTests {
    typealias Existing = ReminderPlan.Existing

    static func day(_ n: Int) -> Date { Date(timeIntervalSince1970: 1_800_000_000 + Double(n) * 86_400) }

    @Test func aNewEventGetsOneReminderPerWantedTime() {
        let plan = ReminderPlan(now: Self.day(0), existing: [], wanted: [1: [Self.day(2), Self.day(1)], 2: [Self.day(3)]])
        #expect(plan.changes == [.insert(ruleID: 1, dueAt: Self.day(1)), .insert(ruleID: 1, dueAt: Self.day(2)), .insert(ruleID: 2, dueAt: Self.day(3))])
    }

    @Test func remindersAlreadyAtTheirWantedTimesStayAsTheyAre() {
        let existing = [Existing(id: 7, ruleID: 1, dueAt: Self.day(1), state: .pending), Existing(id: 8, ruleID: 1, dueAt: Self.day(2), state: .sent)]
        #expect(ReminderPlan(now: Self.day(0), existing: existing, wanted: [1: [Self.day(1), Self.day(2)]]).changes.isEmpty)
    }

    @Test func aPendingReminderMovesKeepingItsIdWhenItsEventMoves() {
        let existing = [Existing(id: 7, ruleID: 1, dueAt: Self.day(1), state: .pending)]
        #expect(ReminderPlan(now: Self.day(0), existing: existing, wanted: [1: [Self.day(5)]]).changes == [.move(id: 7, to: Self.day(5))])
    }

    @Test func aPendingReminderNoLongerWantedIsCancelled() {
        let existing = [Existing(id: 7, ruleID: 1, dueAt: Self.day(1), state: .pending)]
        #expect(ReminderPlan(now: Self.day(0), existing: existing, wanted: [1: []]).changes == [.cancel(id: 7)])
    }

    @Test func aCancelledReminderAtAWantedTimeComesBack() {
        let existing = [Existing(id: 7, ruleID: 1, dueAt: Self.day(1), state: .cancelled)]
        #expect(ReminderPlan(now: Self.day(0), existing: existing, wanted: [1: [Self.day(1)]]).changes == [.revive(id: 7)])
    }

    @Test func deliveredRemindersAreHistoryNeverMovedOrCancelled() {
        let existing = [
            Existing(id: 7, ruleID: 1, dueAt: Self.day(1), state: .sent), Existing(id: 8, ruleID: 1, dueAt: Self.day(2), state: .acked),
            Existing(id: 9, ruleID: 1, dueAt: Self.day(3), state: .failed),
        ]
        #expect(ReminderPlan(now: Self.day(0), existing: existing, wanted: [1: [Self.day(4)]]).changes == [.insert(ruleID: 1, dueAt: Self.day(4))])
    }

    @Test func movesGoEarliestToEarliestAndTheRestAreCancelledOrInserted() {
        let existing = [Existing(id: 1, ruleID: 1, dueAt: Self.day(1), state: .pending), Existing(id: 2, ruleID: 1, dueAt: Self.day(2), state: .pending)]
        #expect(ReminderPlan(now: Self.day(0), existing: existing, wanted: [1: [Self.day(10)]]).changes == [.move(id: 1, to: Self.day(10)), .cancel(id: 2)])
        #expect(ReminderPlan(now: Self.day(0), existing: Array(existing.prefix(1)), wanted: [1: [Self.day(11), Self.day(10)]]).changes
            == [.move(id: 1, to: Self.day(10)), .insert(ruleID: 1, dueAt: Self.day(11))])
    }

    @Test func aTimeWantedTwiceIsPlannedOnce() {
        #expect(ReminderPlan(now: Self.day(0), existing: [], wanted: [1: [Self.day(1), Self.day(1)]]).changes == [.insert(ruleID: 1, dueAt: Self.day(1))])
    }

    @Test func aPastTimeIsNotToldAgainWithinACadenceOfWhatWasDelivered() {
        // Told at short notice on day 3; the visit moved a day: its new lead (day 4) is past too.
        let told = [Existing(id: 7, ruleID: 1, dueAt: Self.day(3), state: .sent)]
        #expect(ReminderPlan(now: Self.day(5), existing: told, wanted: [1: [Self.day(4)]]).changes.isEmpty)
        // A weekly chase: the one a cadence after the last delivery is inserted.
        #expect(ReminderPlan(now: Self.day(11), existing: told, wanted: [1: [Self.day(10)]]).changes == [.insert(ruleID: 1, dueAt: Self.day(10))])
        // A time ahead is always planned.
        #expect(ReminderPlan(now: Self.day(5), existing: told, wanted: [1: [Self.day(6)]]).changes == [.insert(ruleID: 1, dueAt: Self.day(6))])
    }

    @Test func rulesNotAskedAboutAreLeftAlone() {
        let existing = [Existing(id: 7, ruleID: 2, dueAt: Self.day(1), state: .pending)]
        #expect(ReminderPlan(now: Self.day(0), existing: existing, wanted: [1: []]).changes.isEmpty)
    }
}
