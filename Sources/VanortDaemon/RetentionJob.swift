import Logging
import ServiceLifecycle
import VanortProtocol
import VanortStore

/// The retention policy (gallring) as a service: at start and then every `interval`,
/// clears special needs and erases participants whose exchange ended long enough ago, and
/// writes an audit entry when it removed anything. Idempotent, so several daemons may run
/// it. Graceful shutdown ends the wait between passes; a pass under way finishes first.
struct RetentionJob: Service {
    let store: PrivacyStore
    let audit: AuditTrail
    let logger: Logger
    let participantDays: Int
    let specialNeedsDays: Int
    /// The clock the wait between passes runs on (tests may pass one of their own).
    var clock: any Clock<Duration> = ContinuousClock()

    static let interval: Duration = .seconds(6 * 3600)

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            await applyOnce()
            // Cancelled by graceful shutdown: the loop ends without another pass.
            try? await cancelWhenGracefulShutdown { [clock] in try await clock.sleep(for: Self.interval) }
        }
    }

    /// One pass of the policy.
    func applyOnce() async {
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
