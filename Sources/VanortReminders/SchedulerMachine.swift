/// The reminder scheduler's decisions as plain state: when the one timer is armed, when a
/// delivery run starts or goes round again, how long it backs off while the database is
/// away, and how it stops. Events come in with the wall-clock time (`now`, seconds since
/// 1970) as the caller reads it; `ReminderScheduler` carries the actions out with a
/// `DispatchSourceTimer` and the store. Tested in-process by `SchedulerMachineTests`.
public struct SchedulerMachine: Sendable, Equatable {
    /// What the scheduler does next.
    public enum Action: Equatable, Sendable {
        /// (Re)arm the timer to fire at this wall-clock instant.
        case arm(at: Double)
        /// Begin a delivery run: deliver what is due, then report with `runPassed`.
        case startRun
        /// Go round the run once more before arming (a wake-up came during it).
        case runAgain
        /// Cancel the timer for good.
        case cancelTimer
        /// A run is under way: wait for it to report before releasing claims.
        case awaitRun
        /// Give this daemon's unfinished claims back (after the last run).
        case releaseClaims
    }

    /// How one pass of a delivery run ended.
    public enum Pass: Equatable, Sendable {
        /// Nothing more is due now; the next reminder is due in so many seconds (nil: none pending).
        case delivered(nextDueIn: Double?)
        /// The database did not answer.
        case databaseFailed
    }

    /// The longest the timer sleeps: a safety net under the notifications.
    public let sweepSeconds: Double
    /// When the timer will fire; infinity while unarmed or running.
    public private(set) var armedFor = Double.infinity
    public private(set) var running = false
    /// A wake-up arrived during a run: look again before arming.
    public private(set) var again = false
    public private(set) var stopped = false
    /// Seconds to wait before the next try while the database is unreachable (0: it answers).
    public private(set) var backoff: Double = 0

    /// The shortest and longest wait before trying an unreachable database again.
    public static let backoffRange = 0.5...5.0

    /// How far ahead the register's triggers announce a newly pending reminder
    /// (`sql/0019`: `now() + interval '1 day'`). A later one is announced to nobody, so the
    /// sweep never waits longer than this: a daemon finds it on a sweep before it is due.
    public static let announcedWithin: Double = 86_400

    public init(sweepSeconds: Double) {
        self.sweepSeconds = min(sweepSeconds, Self.announcedWithin)
    }

    /// The scheduler starts: fire at once, which delivers anything overdue (catch-up).
    public mutating func started(now: Double) -> [Action] {
        arm(in: 0, now: now)
    }

    /// A notification: `dueAt` is the epoch seconds of a newly pending reminder, or nil
    /// when notifications may have been missed (the listener reconnected): look now.
    public mutating func woken(dueAt: Double?, now: Double) -> [Action] {
        guard !stopped else { return [] }
        if running {
            again = true
            return []
        }
        guard let dueAt else { return arm(in: 0, now: now) }
        guard dueAt < armedFor else { return [] }
        return arm(in: dueAt - now, now: now)
    }

    /// The timer fired.
    public mutating func fired() -> [Action] {
        guard !stopped else { return [] }
        if running {
            again = true
            return []
        }
        running = true
        again = false
        armedFor = .infinity
        return [.startRun]
    }

    /// One pass of the run ended: go round again if woken meanwhile, else arm for what
    /// comes next (the next due reminder, the sweep, or the back-off).
    public mutating func runPassed(_ pass: Pass, now: Double) -> [Action] {
        let next: Double
        switch pass {
        case .delivered(let nextDueIn):
            backoff = 0
            next = nextDueIn ?? sweepSeconds
        case .databaseFailed:
            backoff = min(max(backoff * 2, Self.backoffRange.lowerBound), Self.backoffRange.upperBound)
            next = backoff
        }
        if again, !stopped {
            again = false
            return [.runAgain]
        }
        running = false
        if stopped { return [.releaseClaims] }
        return arm(in: next, now: now)
    }

    /// Stop: no more fires; a run under way finishes first, then claims are released.
    public mutating func stopRequested() -> [Action] {
        guard !stopped else { return [] }
        stopped = true
        armedFor = .infinity
        return running ? [.cancelTimer, .awaitRun] : [.cancelTimer, .releaseClaims]
    }

    /// Arms for `seconds` from `now`, never in the past and never beyond the sweep.
    private mutating func arm(in seconds: Double, now: Double) -> [Action] {
        guard !stopped else { return [] }
        let delay = min(max(seconds, 0), sweepSeconds)
        armedFor = now + delay
        return [.arm(at: armedFor)]
    }
}
