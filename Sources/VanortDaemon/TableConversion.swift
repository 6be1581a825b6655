import Foundation
import VanortPostgres
import VanortProtocol

extension Table {
    /// The rows as a reply table, each cell typed by its column's PostgreSQL type.
    init(_ rows: PostgresRows) {
        self.init(
            columns: rows.columns,
            rows: rows.values.map { row in
                zip(row, rows.types).map { text, type in Self.value(text, type: type) }
            })
    }

    static func value(_ text: String?, type: UInt32) -> Value {
        guard let text else { return .null }
        switch type {
        case 16: return .bool(text == "t")
        case 20, 21, 23: return Int(text).map(Value.int) ?? .string(text)
        case 1700: return .decimal(text)
        case 1009: return .list([String](postgresText: text) ?? [text])
        case 1184: return Date(postgresText: text).map(Value.instant) ?? .string(text)
        default: return .string(text)
        }
    }
}
