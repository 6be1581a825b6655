import Logging
import VanortPostgres

/// The one door to the database: every query the daemon runs goes through here.
public struct Store: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Applies pending migrations and returns the versions applied. With `runtimeRole`
    /// (when this pool logs in as the schema's owner), that role then gets exactly the
    /// grants the daemon needs (`vanort_grant_runtime`).
    public func migrate(grantingTo runtimeRole: String? = nil) async throws -> [Int] {
        try await pool.withConnection { connection in
            let applied = try MigrationRunner().migrate(connection)
            if let runtimeRole {
                let owner = try connection.query("SELECT current_user AS name").first?.decode(String.self, "name")
                if owner != runtimeRole {
                    try connection.query(SQL("SELECT vanort_grant_runtime($1)", runtimeRole))
                }
            }
            return applied
        }
    }

    /// The database role this pool logs in as.
    public func currentRole() async throws -> String {
        try await pool.withConnection { connection in
            try connection.query("SELECT current_user AS name").first?.decode(String.self, "name") ?? ""
        }
    }

    /// Probes the database: reachable, schema version, latency. Never throws.
    public func databaseStatus() async -> DatabaseStatus {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let version = try await pool.withConnection { try MigrationRunner.schemaVersion($0) }
            let elapsed = clock.now - start
            let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            return DatabaseStatus(reachable: true, schemaVersion: version, latencyMilliseconds: milliseconds)
        } catch {
            return DatabaseStatus(reachable: false, schemaVersion: nil, latencyMilliseconds: nil)
        }
    }
}
