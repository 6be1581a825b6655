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
/// slow safety net under the notifications.
public final class ReminderScheduler: Sendable {
    public struct Settings: Sendable {
        public var leaseSeconds: Double = 60
        public var batchSize = 500
        /// Claim-deliver-record loops side by side when only in-process channels deliver: while
        /// one waits for the database, another delivers (the catch-up burst's throughput).
        public var workers = 2
        public var sweepSeconds: Double = 60
        public var policy = RetryPolicy()

        public init(
            leaseSeconds: Double = 60, batchSize: Int = 500, workers: Int = 2, sweepSeconds: Double = 60, policy: RetryPolicy = RetryPolicy()
        ) {
            self.leaseSeconds = leaseSeconds
            self.batchSize = batchSize
            self.workers = max(1, workers)
            self.sweepSeconds = sweepSeconds
            self.policy = policy
        }
    }

    /// What the timer and the delivery loop know; guarded by the mutex.
    private struct State {
        var running = false
        /// A wake-up arrived while a run was under way: look again before arming.
        var again = false
        var stopped = false
        /// When the timer will fire, as seconds since 1970 on this machine's clock.
        var armedFor = Double.infinity
        var databaseBackoff: Double = 0
        var started = false
    }

    /// Names this daemon's claims: host, pid and a random part.
    public let daemonID: String
    private let store: ReminderStore
    private let deliverer: ReminderDeliverer
    private let settings: Settings
    private let logger: Logger
    private let state = Mutex(State())
    private let timerQueue = DispatchQueue(label: "vanort.reminders.timer")
    private let finished = AsyncStream<Void>.makeStream()
    /// Dispatch sources are thread-safe; it is rescheduled under `state`'s lock anyway.
    private nonisolated(unsafe) let timer: any DispatchSourceTimer
    /// Told of every reminder this daemon delivered and its attempts (for metrics).
    public typealias Observer = @Sendable (DueReminder, [DeliveryAttempt]) -> Void
    private let observer: Observer?

    public init(store: ReminderStore, deliverer: ReminderDeliverer, settings: Settings, logger: Logger, observer: Observer? = nil) {
        self.store = store
        self.deliverer = deliverer
        self.settings = settings
        self.logger = logger
        self.observer = observer
        self.daemonID = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
        self.timer = DispatchSource.makeTimerSource(flags: .strict, queue: timerQueue)
    }

    deinit {
        // libdispatch traps when a source that was never resumed is released.
        if !state.withLock({ $0.started }) {
            timer.cancel()
            timer.resume()
        }
    }

    /// Starts the timer; the first fire is at once, which delivers anything overdue.
    public func start() {
        timer.setEventHandler { [weak self] in self?.fire() }
        timer.schedule(wallDeadline: .now(), leeway: .milliseconds(1))
        state.withLock { $0.started = true }
        timer.resume()
    }

    /// A notification: `payload` is the epoch seconds of a newly pending reminder, or nil
    /// when notifications may have been missed (the listener reconnected).
    public func wake(_ payload: String?) {
        let target = payload.flatMap(Double.init)
        let fireNow: Bool = state.withLock { state in
            guard !state.stopped else { return false }
            if state.running {
                state.again = true
                return false
            }
            guard let target else { return true }
            return target < state.armedFor
        }
        guard fireNow else { return }
        if let target {
            arm(after: target - Date().timeIntervalSince1970)
        } else {
            arm(after: 0)
        }
    }

    /// Stops firing, waits for a delivery under way to be recorded, and releases any claim
    /// left so another daemon can take it at once.
    public func stop() async {
        let running = state.withLock { state in
            state.stopped = true
            timer.cancel()
            return state.running
        }
        if running {
            for await _ in finished.stream { break }
        }
        do {
            let released = try await store.release(daemon: daemonID)
            if released > 0 { logger.info("released reminder claims", metadata: ["count": "\(released)"]) }
        } catch {
            logger.warning("could not release reminder claims; they expire with their lease", metadata: ["error": "\(error)"])
        }
    }

    private func arm(after seconds: Double) {
        let delay = min(max(seconds, 0), settings.sweepSeconds)
        state.withLock { state in
            guard !state.stopped else { return }
            state.armedFor = Date().timeIntervalSince1970 + delay
            timer.schedule(wallDeadline: .now() + delay, leeway: .milliseconds(1))
        }
    }

    private func fire() {
        let start: Bool = state.withLock { state in
            guard !state.stopped else { return false }
            if state.running {
                state.again = true
                return false
            }
            state.running = true
            state.again = false
            state.armedFor = .infinity
            return true
        }
        guard start else { return }
        Task { await self.run() }
    }

    /// Delivers until nothing is due, then arms the timer for what comes next.
    private func run() async {
        var next: Double?
        repeat {
            state.withLock { $0.again = false }
            do {
                try await deliverDue()
                next = try await store.secondsUntilNextDue() ?? settings.sweepSeconds
                state.withLock { $0.databaseBackoff = 0 }
            } catch {
                let wait = state.withLock { state in
                    state.databaseBackoff = min(max(state.databaseBackoff * 2, 0.5), 5)
                    return state.databaseBackoff
                }
                logger.warning("reminders: database unavailable; trying again", metadata: ["error": "\(error)", "retry_in_s": "\(wait)"])
                next = wait
            }
        } while state.withLock({ $0.again && !$0.stopped })
        let stopped = state.withLock { state in
            state.running = false
            return state.stopped
        }
        if stopped {
            finished.continuation.yield()
        } else if let next {
            arm(after: next)
        }
    }

    /// Delivers batches until nothing is due: one loop when external commands deliver (their
    /// concurrency is the deliverer's), else `workers` loops claiming side by side.
    private func deliverDue() async throws {
        guard !deliverer.hasExternalChannels else { return try await deliverBatches(limit: deliverer.concurrency) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<settings.workers {
                group.addTask { try await self.deliverBatches(limit: self.settings.batchSize) }
            }
            try await group.waitForAll()
        }
    }

    private func deliverBatches(limit: Int) async throws {
        while !state.withLock({ $0.stopped }) {
            let batch = try await store.claimDue(daemon: daemonID, limit: limit, leaseSeconds: settings.leaseSeconds)
            guard !batch.isEmpty else { return }
            let outcomes = await deliverer.deliver(batch)
            try await store.record(outcomes, daemon: daemonID, policy: settings.policy)
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
}
