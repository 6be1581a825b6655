import Dispatch
import Foundation
import VanortPostgres

/// How many database connections vanortd keeps when `pool-size` is `auto`: two per core
/// and one more (each command holds a connection while the database works, so a core's
/// worth of commands can wait on the database while as many run), at most a quarter of
/// what the server accepts besides its reserved connections (room for a second daemon,
/// psql, backups and the migration role), never fewer than two (the scheduler and a
/// command).
public enum PoolSizing {
    /// The size for `cores` processors and a server that accepts `usableConnections`
    /// (nil: not known, the database was unreachable at start).
    public static func automatic(cores: Int, usableConnections: Int?) -> Int {
        let byCores = 2 * max(1, cores) + 1
        guard let usableConnections else { return byCores }
        return max(2, min(byCores, usableConnections / 4))
    }

    /// Asks the server how many connections it accepts besides its reserved ones; nil when
    /// it does not answer (the pool then starts by the cores alone and reconnects as usual).
    /// Runs on a thread of its own: libpq blocks.
    static func usableConnections(url: String, connectTimeoutSeconds: Int) async -> Int? {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let usable = try? PostgresConnection(url: url, applicationName: "vanortd", connectTimeoutSeconds: connectTimeoutSeconds).query(
                    """
                    SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int AS usable
                    """).first?.decode(Int.self, "usable")
                continuation.resume(returning: usable)
            }
        }
    }
}
