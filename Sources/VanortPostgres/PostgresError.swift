/// What went wrong talking to PostgreSQL.
///
/// `connectionLost` is its own case because the caller's answer differs: the
/// database is unreachable (`503 DBDOWN`), nothing was written, and the pool
/// reconnects by itself.
public enum PostgresError: Error, Sendable, CustomStringConvertible {
    /// The connection is gone or could not be made (no result, class 08, admin shutdown).
    case connectionLost(String)
    /// The server rejected a statement.
    case server(PostgresServerError)
    /// A column's text did not decode into the Swift type asked for.
    case decoding(column: String, value: String?, expected: String)

    public var description: String {
        switch self {
        case .connectionLost(let message):
            return "database connection lost: \(message)"
        case .server(let error):
            return error.description
        case .decoding(let column, let value, let expected):
            return "column \(column): cannot read \(value.map { "'\($0)'" } ?? "NULL") as \(expected)"
        }
    }

    /// The SQLSTATE of a server error, if this is one.
    public var sqlState: String? {
        if case .server(let error) = self { return error.sqlState }
        return nil
    }
}

/// An error reported by the PostgreSQL server, with the fields a user needs.
public struct PostgresServerError: Error, Sendable, Equatable, CustomStringConvertible {
    public var sqlState: String
    public var message: String
    public var detail: String?
    public var hint: String?
    public var constraint: String?
    public var column: String?

    public init(
        sqlState: String, message: String, detail: String? = nil, hint: String? = nil,
        constraint: String? = nil, column: String? = nil
    ) {
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.column = column
    }

    public var description: String {
        var text = "\(message) (SQLSTATE \(sqlState))"
        if let detail { text += "; \(detail)" }
        if let hint { text += "; hint: \(hint)" }
        return text
    }

    /// SQLSTATEs that mean the session itself is gone rather than the statement being wrong.
    var meansConnectionLost: Bool {
        sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(sqlState)
    }
}
