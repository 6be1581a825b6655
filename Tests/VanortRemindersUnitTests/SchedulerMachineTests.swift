import Testing
import VanortReminders

/// The scheduler's timer and run decisions, in-process: times are plain numbers, nothing sleeps.
@Suite struct SchedulerMachineTests {
    typealias Action = SchedulerMachine.Action

    /// A machine started at t=1000 whose first run found nothing pending.
    static func idle() -> SchedulerMachine {
        var machine = SchedulerMachine(sweepSeconds: 60)
        _ = machine.started(now: 1000)
        _ = machine.fired()
        _ = machine.runPassed(.delivered(nextDueIn: nil), now: 1000)
        return machine
    }

    @Test func startingFiresAtOnceToCatchUpOnWhatIsOverdue() {
        var machine = SchedulerMachine(sweepSeconds: 60)
        #expect(machine.started(now: 1000) == [.arm(at: 1000)])
        #expect(machine.fired() == [.startRun])
        #expect(machine.running)
    }

    @Test func afterARunTheTimerIsArmedForTheEarliestDueReminder() {
        var machine = SchedulerMachine(sweepSeconds: 60)
        _ = machine.started(now: 1000)
        _ = machine.fired()
        #expect(machine.runPassed(.delivered(nextDueIn: 12.5), now: 1001) == [.arm(at: 1013.5)])
        #expect(!machine.running)
        #expect(machine.armedFor == 1013.5)
    }

    @Test func withNothingPendingTheTimerSleepsNoLongerThanTheSweep() {
        let machine = Self.idle()
        #expect(machine.armedFor == 1060)
        var far = SchedulerMachine(sweepSeconds: 60)
        _ = far.started(now: 0)
        _ = far.fired()
        #expect(far.runPassed(.delivered(nextDueIn: 86_400), now: 0) == [.arm(at: 60)])
    }

    @Test func theSweepNeverWaitsLongerThanTheTriggersAnnounceAhead() {
        var machine = SchedulerMachine(sweepSeconds: 7 * 86_400)
        #expect(machine.sweepSeconds == SchedulerMachine.announcedWithin)
        _ = machine.started(now: 0)
        _ = machine.fired()
        // A reminder due in a month was announced to nobody: the next sweep finds it.
        #expect(machine.runPassed(.delivered(nextDueIn: 30 * 86_400), now: 0) == [.arm(at: SchedulerMachine.announcedWithin)])
    }

    @Test func anOverdueReminderIsDueAtOnceNeverInThePast() {
        var machine = SchedulerMachine(sweepSeconds: 60)
        _ = machine.started(now: 1000)
        _ = machine.fired()
        #expect(machine.runPassed(.delivered(nextDueIn: -300), now: 1000) == [.arm(at: 1000)])
    }

    @Test func aNotificationOfAnEarlierReminderRearmsTheTimer() {
        var machine = Self.idle()
        #expect(machine.woken(dueAt: 1002, now: 1001) == [.arm(at: 1002)])
        #expect(machine.armedFor == 1002)
    }

    @Test func aNotificationOfALaterReminderLeavesTheTimerAlone() {
        var machine = Self.idle()
        _ = machine.woken(dueAt: 1002, now: 1001)
        #expect(machine.woken(dueAt: 1030, now: 1001).isEmpty)
        #expect(machine.armedFor == 1002)
    }

    @Test func aNotificationWithoutAnInstantLooksAtOnce() {
        var machine = Self.idle()
        #expect(machine.woken(dueAt: nil, now: 1005) == [.arm(at: 1005)])
    }

    @Test func aNotificationOfAReminderAlreadyDueFiresAtOnce() {
        var machine = Self.idle()
        #expect(machine.woken(dueAt: 990, now: 1005) == [.arm(at: 1005)])
    }

    @Test func aNotificationDuringARunMakesTheRunGoRoundAgainBeforeArming() {
        var machine = Self.idle()
        _ = machine.woken(dueAt: nil, now: 1001)
        _ = machine.fired()
        #expect(machine.woken(dueAt: 1001, now: 1001).isEmpty, "no timer change while running")
        #expect(machine.runPassed(.delivered(nextDueIn: nil), now: 1002) == [.runAgain])
        #expect(machine.running)
        #expect(machine.runPassed(.delivered(nextDueIn: 5), now: 1003) == [.arm(at: 1008)])
    }

    @Test func aFireDuringARunStartsNoSecondRun() {
        var machine = Self.idle()
        _ = machine.fired()
        #expect(machine.fired().isEmpty)
        #expect(machine.runPassed(.delivered(nextDueIn: nil), now: 1001) == [.runAgain])
    }

    @Test func anUnreachableDatabaseIsTriedAgainWithBackOffDoublingToFiveSeconds() {
        var machine = SchedulerMachine(sweepSeconds: 60)
        _ = machine.started(now: 0)
        var waits: [Double] = []
        for _ in 0..<6 {
            _ = machine.fired()
            if case .arm(let instant) = machine.runPassed(.databaseFailed, now: 100).first { waits.append(instant - 100) }
        }
        #expect(waits == [0.5, 1, 2, 4, 5, 5])
        _ = machine.fired()
        #expect(machine.runPassed(.delivered(nextDueIn: 30), now: 200) == [.arm(at: 230)])
        #expect(machine.backoff == 0, "the back-off starts over once the database answers")
    }

    @Test func stoppingWhileIdleCancelsTheTimerAndReleasesClaims() {
        var machine = Self.idle()
        #expect(machine.stopRequested() == [.cancelTimer, .releaseClaims])
        #expect(machine.stopRequested().isEmpty, "stopping twice does nothing more")
        #expect(machine.fired().isEmpty)
        #expect(machine.woken(dueAt: nil, now: 1001).isEmpty)
    }

    @Test func stoppingDuringARunWaitsForItAndTheRunEndsWithoutArming() {
        var machine = Self.idle()
        _ = machine.fired()
        _ = machine.woken(dueAt: nil, now: 1001)
        #expect(machine.stopRequested() == [.cancelTimer, .awaitRun])
        #expect(machine.runPassed(.delivered(nextDueIn: 1), now: 1002) == [.releaseClaims], "no second pass, no arming")
        #expect(!machine.running)
    }
}
