import Dispatch
import Foundation
import Logging
import Synchronization
import VanortDomain
import VanortPostgres
import VanortStore

/// Fires reminders at their due instant with one `DispatchSourceTimer` on the wall clock,
/// armed for the earliest pending reminder in the database.
///
/// Anything that makes an earlier reminder (this daemon, another, or SQL by hand) reaches
/// `wake(_:)` through `LISTEN`/`NOTIFY` and re-arms the timer. A fire claims the due rows
/// (`FOR UPDATE SKIP LOCKED`, with a lease), delivers them and records the outcome, batch
/// by batch until nothing is due, then re-arms. Overdue rows (catch-up after downtime) are
/// simply due at once. With nothing pending the timer still fires every `sweepSeconds`, a
/// slow safety net under the notifications. What to do when is `SchedulerMachine`'s to
/// decide; this class carries its actions out.
public final class ReminderScheduler: Sendable {
    public struct Settings: Sendable {
        public var leaseSeconds: Double = 60
        public var batchSize = 500
        /// Claim-deliver-record loops side by side when only in-process channels deliver: while
        /// one waits for the database, another delivers (the catch-up burst's throughput). A
        /// 100k burst on two cores: 15,500/s with 2, about 20,000/s with 3, 21,000/s with 4
        /// (the cores then full, PostgreSQL two thirds of them; docs/benchmarks.md, section 3).
        public var workers = 4
        public var sweepSeconds: Double = 60
        public var policy = RetryPolicy()

        public init(
            leaseSeconds: Double = 60, batchSize: Int = 500, workers: Int = 4, sweepSeconds: Double = 60, policy: RetryPolicy = RetryPolicy()
        ) {
            self.leaseSeconds = leaseSeconds
            self.batchSize = batchSize
            self.workers = max(1, workers)
            self.sweepSeconds = sweepSeconds
            self.policy = policy
        }
    }

    /// The scheduler's decisions, and whether the timer was ever resumed (libdispatch traps
    /// when a source that never was is released); guarded by `state`'s lock.
    private struct State {
        var machine: SchedulerMachine
        var timerResumed = false
    }

    /// Names this daemon's claims: host, pid and a random part.
    public let daemonID: String
    private let store: ReminderStore
    private let deliverer: ReminderDeliverer
    private let settings: Settings
    private let logger: Logger
    private let state: Mutex<State>
    /// Wall-clock seconds since 1970 (injected, so the decisions can be tested without waiting).
    private let clock: WallClock
    private let timerQueue = DispatchQueue(label: "vanort.reminders.timer")
    private let finished = AsyncStream<Void>.makeStream()
    /// Dispatch sources are thread-safe; it is rescheduled under `state`'s lock anyway.
    private nonisolated(unsafe) let timer: any DispatchSourceTimer
    /// Told of every reminder this daemon delivered and its attempts (for metrics).
    public typealias Observer = @Sendable (DueReminder, [DeliveryAttempt]) -> Void
    private let observer: Observer?
    /// With only in-process channels, each claim loop's connection of its own, whose
    /// transaction holds its batch by row locks (`ReminderLockSession`); empty otherwise.
    private let lockSessions: [ReminderLockSession]

    public init(
        store: ReminderStore, deliverer: ReminderDeliverer, settings: Settings, logger: Logger, observer: Observer? = nil,
        clock: WallClock = .system
    ) {
        self.state = Mutex(State(machine: SchedulerMachine(sweepSeconds: settings.sweepSeconds)))
        self.clock = clock
        self.store = store
        self.deliverer = deliverer
        self.settings = settings
        self.logger = logger
        self.observer = observer
        self.daemonID = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
        self.timer = DispatchSource.makeTimerSource(flags: .strict, queue: timerQueue)
        self.lockSessions = deliverer.hasExternalChannels ? [] : (0..<settings.workers).map {
            ReminderLockSession(store: store, label: "vanort.reminders.claims.\($0)")
        }
    }

    deinit {
        if !state.withLock({ $0.timerResumed }) {
            timer.cancel()
            timer.resume()
        }
    }

    /// Starts the timer; the first fire is at once, which delivers anything overdue.
    public func start() {
        timer.setEventHandler { [weak self] in self?.fire() }
        state.withLock { state in
            perform(state.machine.started(now: seconds()))
            state.timerResumed = true
        }
        timer.resume()
    }

    /// A notification: `payload` is the epoch seconds of a newly pending reminder, or nil
    /// when notifications may have been missed (the listener reconnected).
    public func wake(_ payload: String?) {
        state.withLock { perform($0.machine.woken(dueAt: payload.flatMap(Double.init), now: seconds())) }
    }

    /// Stops firing, waits for a delivery under way to be recorded, and releases any claim
    /// left so another daemon can take it at once.
    public func stop() async {
        let actions = state.withLock { $0.machine.stopRequested() }
        guard !actions.isEmpty else { return }
        timer.cancel()
        if actions.contains(.awaitRun) {
            for await _ in finished.stream { break }
        }
        for session in lockSessions { await session.abandon() }
        do {
            let released = try await store.release(daemon: daemonID)
            if released > 0 { logger.info("released reminder claims", metadata: ["count": "\(released)"]) }
        } catch {
            logger.warning("could not release reminder claims; they expire with their lease", metadata: ["error": "\(error)"])
        }
    }

    private func fire() {
        let actions = state.withLock { $0.machine.fired() }
        if actions.contains(.startRun) {
            Task { await self.run() }
        }
    }

    /// Now as the machine counts: seconds since 1970 on the injected clock.
    private func seconds() -> Double { clock.now().timeIntervalSince1970 }

    /// Carries out the timer's part of the machine's actions (called under `state`'s lock,
    /// which keeps each rescheduling in step with the decision).
    private func perform(_ actions: [SchedulerMachine.Action]) {
        for case .arm(let instant) in actions {
            timer.schedule(wallDeadline: .now() + max(instant - seconds(), 0), leeway: .milliseconds(1))
        }
    }

    /// Delivers until nothing is due, then arms the timer for what comes next.
    private func run() async {
        while true {
            let pass: SchedulerMachine.Pass
            var failure: (any Error)?
            do {
                try await deliverDue()
                pass = .delivered(nextDueIn: try await store.secondsUntilNextDue())
            } catch {
                pass = .databaseFailed
                failure = error
            }
            let (actions, backoff) = state.withLock { state in
                let actions = state.machine.runPassed(pass, now: seconds())
                perform(actions)
                return (actions, state.machine.backoff)
            }
            if let failure {
                logger.warning("reminders: database unavailable; trying again", metadata: ["error": "\(failure)", "retry_in_s": "\(backoff)"])
            }
            if actions.contains(.runAgain) { continue }
            if actions.contains(.releaseClaims) { finished.continuation.yield() }
            return
        }
    }

    /// Delivers batches until nothing is due: one loop with leased claims when external
    /// commands deliver (their concurrency is the deliverer's; a command may outlive a
    /// connection, so the claim must be durable), else `workers` loops side by side, each
    /// holding its batch by row locks.
    private func deliverDue() async throws {
        guard !deliverer.hasExternalChannels else { return try await deliverLeasedBatches(limit: deliverer.concurrency) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for session in lockSessions {
                group.addTask { try await self.deliverHeldBatches(session) }
            }
            try await group.waitForAll()
        }
    }

    private func deliverLeasedBatches(limit: Int) async throws {
        var sizes = BatchRamp(limit: limit)
        while !state.withLock({ $0.machine.stopped }) {
            let batch = try await store.claimDue(daemon: daemonID, limit: sizes.next(), leaseSeconds: settings.leaseSeconds)
            guard !batch.isEmpty else { return }
            let outcomes = await deliverer.deliver(batch)
            try await store.record(outcomes, daemon: daemonID, policy: settings.policy)
            report(outcomes)
        }
    }

    private func deliverHeldBatches(_ session: ReminderLockSession) async throws {
        var sizes = BatchRamp(limit: settings.batchSize)
        while !state.withLock({ $0.machine.stopped }) {
            guard let batch = try await session.claim(limit: sizes.next(), daemon: daemonID) else { return }
            let outcomes = await deliverer.deliver(batch.reminders)
            try await session.record(batch, outcomes, daemon: daemonID, policy: settings.policy)
            report(outcomes)
        }
    }

    /// Tells the observer of a recorded batch and logs its failed deliveries.
    private func report(_ outcomes: [(DueReminder, [DeliveryAttempt])]) {
        if let observer {
            for (reminder, attempts) in outcomes { observer(reminder, attempts) }
        }
        for (reminder, attempts) in outcomes where attempts.contains(where: { $0.result == .failed }) {
            let failed = reminder.attempt >= settings.policy.maxAttempts
            logger.log(
                level: failed ? .error : .warning, failed ? "reminder failed; giving up" : "reminder delivery failed; will retry",
                metadata: [
                    "reminder": "\(reminder.id)", "attempt": "\(reminder.attempt)",
                    "errors": "\(attempts.filter { $0.result == .failed }.map { "\($0.key): \($0.error ?? "")" }.joined(separator: "; "))",
                ])
        }
    }
}
