import Dispatch
import Logging
import Synchronization
import VanortProtocol
import VanortStore

/// The retention policy (gallring) on a timer: at start and then every `interval`, clears
/// special needs and erases participants whose exchange ended long enough ago, and writes
/// an audit entry when it removed anything. Idempotent, so several daemons may run it.
final class RetentionJob: Sendable {
    private let store: PrivacyStore
    private let audit: AuditTrail
    private let logger: Logger
    private let participantDays: Int
    private let specialNeedsDays: Int
    private let queue = DispatchQueue(label: "vanort.retention")
    /// Dispatch sources are thread-safe; this one is only resumed and cancelled.
    private nonisolated(unsafe) let timer: any DispatchSourceTimer
    private let started = Atomic<Bool>(false)

    static let interval: DispatchTimeInterval = .seconds(6 * 3600)

    init(store: PrivacyStore, audit: AuditTrail, logger: Logger, participantDays: Int, specialNeedsDays: Int) {
        self.store = store
        self.audit = audit
        self.logger = logger
        self.participantDays = participantDays
        self.specialNeedsDays = specialNeedsDays
        timer = DispatchSource.makeTimerSource(queue: queue)
    }

    deinit {
        // libdispatch traps when a source that was never resumed is released.
        if !started.load(ordering: .relaxed) {
            timer.cancel()
            timer.resume()
        }
    }

    func start() {
        guard !started.exchange(true, ordering: .relaxed) else { return }
        timer.schedule(deadline: .now(), repeating: Self.interval)
        timer.setEventHandler { [self] in Task { await self.run() } }
        timer.resume()
    }

    func stop() {
        timer.cancel()
    }

    /// One pass of the policy.
    func run() async {
        do {
            let result = try await store.applyRetention(participantDays: participantDays, specialNeedsDays: specialNeedsDays)
            guard result.erased > 0 || result.cleared > 0 else { return }
            logger.notice(
                "retention applied", metadata: ["participants_erased": "\(result.erased)", "special_needs_cleared": "\(result.cleared)"])
            let summary = "retention participants-erased=\(result.erased) special-needs-cleared=\(result.cleared)"
                + " (after \(participantDays) and \(specialNeedsDays) days)"
            await audit.record(actor: "retention", role: nil, command: summary, reply: Reply(.ok, "retention applied"))
        } catch {
            logger.warning("retention not applied; retrying at the next run", metadata: ["error": "\(error)"])
        }
    }
}
