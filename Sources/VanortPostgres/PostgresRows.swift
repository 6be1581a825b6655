/// The rows a statement returned, copied out of libpq so they outlive the result.
public struct PostgresRows: Sendable, Sequence {
    public let columns: [String]
    /// Each column's type OID (`pg_type.oid`): 23 int4, 16 bool, 1009 text[], …
    public let types: [UInt32]
    public let values: [[String?]]
    /// The number of rows a command touched (`INSERT`, `UPDATE`, `DELETE`), else the row count.
    public let affectedRows: Int

    public init(columns: [String], types: [UInt32]? = nil, values: [[String?]], affectedRows: Int) {
        self.columns = columns
        self.types = types ?? Array(repeating: 25, count: columns.count)
        self.values = values
        self.affectedRows = affectedRows
    }

    public var count: Int { values.count }
    public var first: PostgresRow? { values.first.map { PostgresRow(columns: columns, values: $0) } }

    public func makeIterator() -> some IteratorProtocol<PostgresRow> {
        values.lazy.map { PostgresRow(columns: columns, values: $0) }.makeIterator()
    }
}

/// One row, read by column name into Swift types with explicit NULL handling.
public struct PostgresRow: Sendable {
    public let columns: [String]
    public let values: [String?]

    /// The raw text of a column, nil for NULL.
    public func text(_ column: String) throws -> String? {
        guard let index = columns.firstIndex(of: column) else {
            throw PostgresError.decoding(column: column, value: nil, expected: "an existing column")
        }
        return values[index]
    }

    /// A column that must not be NULL.
    public func decode<T: PostgresDecodable>(_ type: T.Type = T.self, _ column: String) throws -> T {
        guard let text = try text(column) else {
            throw PostgresError.decoding(column: column, value: nil, expected: "\(T.self)")
        }
        guard let value = T(postgresText: text) else {
            throw PostgresError.decoding(column: column, value: text, expected: "\(T.self)")
        }
        return value
    }

    /// A column that may be NULL.
    public func decodeIfPresent<T: PostgresDecodable>(_ type: T.Type = T.self, _ column: String) throws -> T? {
        guard let text = try text(column) else { return nil }
        guard let value = T(postgresText: text) else {
            throw PostgresError.decoding(column: column, value: text, expected: "\(T.self)")
        }
        return value
    }
}
