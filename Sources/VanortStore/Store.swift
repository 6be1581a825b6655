import Logging
import VanortPostgres

/// The one door to the database: every query the daemon runs goes through here.
public struct Store: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// Applies pending migrations and returns the versions applied.
    public func migrate() async throws -> [Int] {
        try await pool.withConnection { try MigrationRunner().migrate($0) }
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
