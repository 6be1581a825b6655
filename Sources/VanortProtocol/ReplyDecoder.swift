import Foundation

/// Reads the JSON form of a reply (what clients ask for with `HELLO 1 format=json`).
public enum ReplyDecoder {
    /// Why a line from the server is not a reply.
    public struct DecodingError: Error, Sendable, CustomStringConvertible {
        public var line: String
        public var description: String { "the server sent something that is not a reply: \(line.prefix(200))" }
    }

    private struct Wire: Decodable {
        var code: Int
        var status: String?
        var message: String?
        var field: String?
        var columns: [String]?
        var rows: [[String: WireValue]]?
    }

    private struct WireValue: Decodable {
        var value: Value

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            // Most cells are text, then whole numbers: trying those first spares most cells a
            // thrown and discarded decoding error.
            if container.decodeNil() {
                value = .null
            } else if let text = try? container.decode(String.self) {
                value = .string(text)
            } else if let number = try? container.decode(Int.self) {
                value = .int(number)
            } else if let flag = try? container.decode(Bool.self) {
                value = .bool(flag)
            } else if let number = try? container.decode(Decimal.self) {
                value = .decimal(number.description)
            } else {
                value = .list(try container.decode([String].self))
            }
        }
    }

    public static func decode(_ line: String) throws -> Reply {
        guard let wire = try? JSONDecoder().decode(Wire.self, from: Data(line.utf8)),
            let status = Status(rawValue: wire.code)
        else { throw DecodingError(line: line) }
        var table: Table?
        if let columns = wire.columns {
            table = Table(
                columns: columns,
                rows: (wire.rows ?? []).map { row in columns.map { row[$0]?.value ?? .null } })
        }
        let keyword = wire.status.flatMap { $0 == status.keyword ? nil : $0 }
        return Reply(status, wire.message ?? "", field: wire.field, table: table, keyword: keyword)
    }
}
