import Foundation
import VanortDomain
import VanortPostgres

/// The audit log: every command that changes data and every denied attempt. The daemon
/// only ever appends; with least-privilege grants its database role cannot do more.
public struct AuditStore: Sendable {
    public let pool: PostgresPool
    let context: StoreContext

    public init(pool: PostgresPool, homeCity: String) {
        self.pool = pool
        self.context = StoreContext(homeCity: homeCity)
    }

    /// One entry as the audit log keeps it.
    public struct Entry: Sendable {
        public var actor: String
        /// The role, or `none` when the door was closed before one was known.
        public var role: String
        /// The request with sensitive values already redacted.
        public var command: String
        public var code: Int
        public var status: String

        public init(actor: String, role: String, command: String, code: Int, status: String) {
            self.actor = actor
            self.role = role
            self.command = command
            self.code = code
            self.status = status
        }
    }

    /// Appends `entry` on its own (a denial, a refusal, a failure: nothing else committed).
    public func record(_ entry: Entry) async throws {
        try await pool.withConnection { connection in try connection.query(Self.insertion(entry)) }
    }

    /// The statement that appends `entry`: run on its own by `record`, or as a command's
    /// `CommitNote` inside the transaction of the change it records.
    public static func insertion(_ entry: Entry) -> SQL {
        SQL("INSERT INTO audit_log (actor, role, command, code, status) VALUES ($1, $2, $3, $4, $5)",
            entry.actor, entry.role, entry.command, entry.code, entry.status)
    }

    /// Entries, newest first: since a date or time (home zone unless `timezone` says),
    /// by one actor, at most `limit`.
    public func list(filters: [String: String], limit: Int) async throws -> Records {
        let context = self.context
        return try await Records(pool.withConnection { connection in
            let input = FieldInput(filters)
            var sql: SQL = "SELECT id, at, actor, role, command, code, status FROM audit_log WHERE true"
            if let since = try context.instant(input, "since", date: .startOfDay, on: connection) {
                sql.append(" AND at >= ")
                sql.bind(since)
            }
            if let actor = try input.optionalText("actor") { sql.andEquals("actor", actor) }
            sql.append(" ORDER BY id DESC LIMIT ")
            sql.bind(limit)
            return try connection.query(sql)
        })
    }
}
