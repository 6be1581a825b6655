import VanortPostgres

/// Brings a database's schema up to the binary's migrations.
///
/// Runs under a session advisory lock, so daemons starting together apply each
/// migration once; each migration runs in its own transaction with its record in
/// `schema_migrations` (version, name, SHA-256 of the text, time).
public struct MigrationRunner: Sendable {
    /// Arbitrary but fixed: the advisory lock key that serialises migrators ("vanort" in ASCII).
    static let lockKey: Int64 = 0x76616E6F7274

    public let migrations: [Migration]

    public init(migrations: [Migration] = Migration.all) {
        self.migrations = migrations
    }

    /// Applies what is pending and returns the versions applied now.
    @discardableResult
    public func migrate(_ connection: PostgresConnection) throws -> [Int] {
        try connection.query(SQL("SELECT pg_advisory_lock($1)", Self.lockKey))
        defer { _ = try? connection.query(SQL("SELECT pg_advisory_unlock($1)", Self.lockKey)) }
        try connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        let applied = try appliedChecksums(connection)
        let binaryVersion = migrations.last?.version ?? 0
        if let newest = applied.keys.max(), newest > binaryVersion {
            throw MigrationError.databaseNewer(databaseVersion: newest, binaryVersion: binaryVersion)
        }
        var appliedNow: [Int] = []
        for migration in migrations {
            if let recorded = applied[migration.version] {
                guard try checksum(of: migration, on: connection) == recorded else {
                    throw MigrationError.changedAfterApply(version: migration.version, name: migration.name)
                }
                continue
            }
            do {
                try connection.transaction {
                    try connection.runScript(trusted: migration.sql)
                    try connection.query(
                        SQL(
                            "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, encode(sha256(convert_to($3, 'UTF8')), 'hex'))",
                            migration.version, migration.name, migration.sql))
                }
            } catch let error as PostgresError {
                throw MigrationError.failed(version: migration.version, name: migration.name, error)
            }
            appliedNow.append(migration.version)
        }
        return appliedNow
    }

    /// The newest applied version, or nil before the first migration.
    public static func schemaVersion(_ connection: PostgresConnection) throws -> Int? {
        let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL AS present")
        guard try exists.first?.decode(Bool.self, "present") == true else { return nil }
        return try connection.query("SELECT max(version) AS version FROM schema_migrations")
            .first?.decodeIfPresent(Int.self, "version")
    }

    private func appliedChecksums(_ connection: PostgresConnection) throws -> [Int: String] {
        var result: [Int: String] = [:]
        for row in try connection.query("SELECT version, checksum FROM schema_migrations") {
            result[try row.decode(Int.self, "version")] = try row.decode(String.self, "checksum")
        }
        return result
    }

    private func checksum(of migration: Migration, on connection: PostgresConnection) throws -> String {
        let rows = try connection.query(SQL("SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex') AS sum", migration.sql))
        guard let row = rows.first else {
            throw PostgresError.decoding(column: "sum", value: nil, expected: "a checksum row")
        }
        return try row.decode(String.self, "sum")
    }
}
