import ServiceLifecycle
import VanortPostgres

/// The database pool's end as a service: first in vanortd's group, so the last to stop;
/// it closes the connections once everything that used them has stopped.
struct PoolService: Service {
    let pool: PostgresPool

    func run() async throws {
        try? await gracefulShutdown()
        await pool.closeAll()
    }
}
