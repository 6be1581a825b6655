import ServiceLifecycle
import VanortPostgres
import VanortReminders

/// The reminder scheduler and the `LISTEN` connection that wakes it, as a service: both
/// start with it, and at shutdown the listener closes first, then the scheduler stops,
/// waiting for deliveries under way so that none is left half-sent.
struct ReminderService: Service {
    let scheduler: ReminderScheduler
    let listener: PostgresListener

    func run() async throws {
        scheduler.start()
        listener.start()
        // Returns at graceful shutdown; throws when the group is cancelled: stop either way.
        try? await gracefulShutdown()
        await listener.stop()
        await scheduler.stop()
    }
}
