/// Rows of a `210 ROWS` or `201 CREATED` reply: named columns, in a stable order.
public struct Table: Sendable, Equatable {
    public var columns: [String]
    public var rows: [[Value]]

    public init(columns: [String], rows: [[Value]] = []) {
        self.columns = columns
        self.rows = rows
    }

    /// A one-row table from ordered (column, value) pairs.
    public init(record: [(String, Value)]) {
        self.columns = record.map(\.0)
        self.rows = [record.map(\.1)]
    }

    /// A cell by row and column name.
    public func value(row: Int, column: String) -> Value? {
        guard row < rows.count, let index = columns.firstIndex(of: column) else { return nil }
        return rows[row][index]
    }
}
