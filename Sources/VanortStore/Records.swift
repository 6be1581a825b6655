import Foundation
import VanortPostgres

/// What a command that shows records gets from the store: named columns and typed cells.
/// The driver's rows are read into it here, each cell by its column's PostgreSQL type, so
/// nothing above the store sees the driver or a type OID.
public struct Records: Sendable, Equatable {
    /// One value as the register holds it.
    public enum Cell: Sendable, Equatable {
        case null
        case text(String)
        case integer(Int)
        case boolean(Bool)
        /// An exact amount, as PostgreSQL's numeric text (`12500.50`).
        case decimal(String)
        case list([String])
        case instant(Date)
    }

    public let columns: [String]
    public let rows: [[Cell]]

    public init(columns: [String], rows: [[Cell]]) {
        self.columns = columns
        self.rows = rows
    }

    init(_ rows: PostgresRows) {
        self.init(
            columns: rows.columns,
            rows: rows.values.map { row in zip(row, rows.types).map { text, type in Self.cell(text, type: type) } })
    }

    public var count: Int { rows.count }

    /// One record's cells by column.
    public struct Row: Sendable, Equatable {
        public let columns: [String]
        public let cells: [Cell]

        public subscript(column: String) -> Cell? {
            columns.firstIndex(of: column).map { cells[$0] }
        }

        public func text(_ column: String) -> String? {
            self[column].flatMap(Records.text)
        }

        public func integer(_ column: String) -> Int? {
            if case .integer(let value)? = self[column] { return value }
            return nil
        }
    }

    public var first: Row? { rows.first.map { Row(columns: columns, cells: $0) } }

    /// Every row's value in `column` as text (NULL: nil), in order.
    public func texts(_ column: String) -> [String?] {
        guard let index = columns.firstIndex(of: column) else { return [] }
        return rows.map { Self.text($0[index]) }
    }

    /// The first row's value in `column` as text (`id` of what was just added), nil when
    /// absent or NULL.
    public func firstText(_ column: String) -> String? {
        first?.text(column)
    }

    /// A cell as text: numbers in their digits, lists joined by commas, instants in ISO 8601.
    static func text(_ cell: Cell) -> String? {
        switch cell {
        case .null: return nil
        case .text(let text), .decimal(let text): return text
        case .integer(let value): return String(value)
        case .boolean(let value): return String(value)
        case .list(let items): return items.joined(separator: ",")
        case .instant(let date): return ISO8601DateFormatter().string(from: date)
        }
    }

    /// A cell from the text libpq returns and the column's type OID.
    static func cell(_ text: String?, type: UInt32) -> Cell {
        guard let text else { return .null }
        switch type {
        case 16: return .boolean(text == "t")
        case 20, 21, 23: return Int(text).map(Cell.integer) ?? .text(text)
        case 1700: return .decimal(text)
        case 1009: return .list([String](postgresText: text) ?? [text])
        case 1184: return Date(postgresText: text).map(Cell.instant) ?? .text(text)
        default: return .text(text)
        }
    }
}
