import VanortProtocol
import VanortStore

extension Table {
    /// The store's records as a reply table, cell for cell.
    init(_ records: Records) {
        self.init(columns: records.columns, rows: records.rows.map { $0.map(Value.init) })
    }
}

extension Value {
    /// A reply value from a record's typed cell.
    init(_ cell: Records.Cell) {
        switch cell {
        case .null: self = .null
        case .text(let text): self = .string(text)
        case .integer(let value): self = .int(value)
        case .boolean(let value): self = .bool(value)
        case .decimal(let text): self = .decimal(text)
        case .list(let items): self = .list(items)
        case .instant(let date): self = .instant(date)
        }
    }
}
