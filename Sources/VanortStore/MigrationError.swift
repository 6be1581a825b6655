import VanortPostgres

/// Why the schema could not be brought up to date; each refuses start-up with this text.
public enum MigrationError: Error, Sendable, CustomStringConvertible {
    /// An applied migration's file differs from what was applied.
    case changedAfterApply(version: Int, name: String)
    /// The database has a version this binary does not know: it is newer than the binary.
    case databaseNewer(databaseVersion: Int, binaryVersion: Int)
    /// A migration failed; its transaction was rolled back.
    case failed(version: Int, name: String, PostgresError)

    public var description: String {
        switch self {
        case .changedAfterApply(let version, let name):
            return "migration \(version) (\(name)) was changed after it was applied; restore the original file and add a new migration instead"
        case .databaseNewer(let databaseVersion, let binaryVersion):
            return "the database schema is at version \(databaseVersion), newer than this vanortd knows (\(binaryVersion)); run a newer vanortd"
        case .failed(let version, let name, let error):
            return "migration \(version) (\(name)) failed and was rolled back: \(error)"
        }
    }
}
