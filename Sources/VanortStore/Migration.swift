/// One numbered schema change from `sql/`, embedded into the binary at build time.
public struct Migration: Sendable, Equatable {
    public let version: Int
    public let name: String
    public let sql: String

    /// Every migration the binary carries, in version order.
    public static let all: [Migration] = embeddedMigrationFiles.compactMap(Migration.init(fileName:sql:))
        .sorted { $0.version < $1.version }

    /// Reads `0001_foundation.sql` as version 1, name `foundation`. Other names are not migrations.
    public init?(fileName: String, sql: String) {
        let stem = fileName.hasSuffix(".sql") ? String(fileName.dropLast(4)) : fileName
        guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0
        else { return nil }
        self.version = version
        self.name = String(stem[stem.index(after: underscore)...])
        self.sql = sql
    }

    /// The newest schema version this binary knows.
    public static var latestVersion: Int { all.last?.version ?? 0 }
}
