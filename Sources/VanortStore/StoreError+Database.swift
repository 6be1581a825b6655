import Foundation
import VanortPostgres

extension PostgresPool {
    /// `transaction`, writing records of `noun`: a constraint the domain did not check
    /// first refuses in the register's words (`StoreError`), never as the server's error,
    /// so no caller above the store ever reads a SQLSTATE.
    func transaction<T: Sendable>(about noun: String, _ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await StoreError.told(about: noun) { try await transaction(body) }
    }

    /// `withConnection`, about records of `noun`, its refusals told as `transaction(about:)` tells them.
    func withConnection<T: Sendable>(about noun: String, _ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await StoreError.told(about: noun) { try await withConnection(body) }
    }
}

/// A database constraint's refusal in the user's words: which record, which field, which
/// other records hold on to it; never a table, a key or a SQLSTATE.
extension StoreError {
    /// The noun each table holds, for "still named by …": every noun's own table as its
    /// record table declares it, and the tables that link or hang off them.
    static let nounByTable: [String: String] = Dictionary(
        Noun.allCases.map { (RegisterStore.table(for: $0).table.text, $0.rawValue) }
            + [("agreement_party", "agreement"), ("network_member", "network"), ("reminder", "reminder"), ("access_token", "token")]
    ) { first, _ in first }

    /// What `body` returns; a constraint violation it meets is thrown as its meaning.
    static func told<T>(about noun: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch PostgresError.server(let server) {
            throw StoreError(server, noun: noun) ?? PostgresError.server(server)
        }
    }

    /// The meaning of a constraint violation met while writing a `noun`; nil for other errors.
    public init?(_ error: PostgresServerError, noun: String) {
        switch error.sqlState {
        case "23505":
            let fields = Self.keyColumns(error.detail).map { $0.replacingOccurrences(of: "_", with: "-") }
            let values = Self.keyValues(error.detail).joined(separator: ", ")
            let named = fields.isEmpty ? "" : " with " + fields.joined(separator: " and ") + (values.isEmpty ? "" : " " + values)
            self = .duplicate(noun: noun, existing: "another \(noun)\(named)", bypass: nil)
        case "23503":
            // "is still referenced from table …": a delete; "is not present in table …": a write naming a missing record.
            guard let detail = error.detail, let table = Self.referencingTable(detail) else {
                self = .rejected(noun: noun, field: nil, rule: "a record it names no longer exists; check its references")
                return
            }
            self = .stillReferenced(noun: noun, id: Self.keyValues(error.detail).first, by: Self.nounByTable[table] ?? "record")
        case let state where state.hasPrefix("23") || state.hasPrefix("22"):
            self = .rejected(noun: noun, field: error.column?.replacingOccurrences(of: "_", with: "-"), rule: "is not accepted by the register's rules")
        default:
            return nil
        }
    }

    /// `Key (name, country)=(…)` → `["name", "country"]` (`vanort_fold(name)` → `name`).
    static func keyColumns(_ detail: String?) -> [String] {
        guard let detail, let open = detail.range(of: "Key ("), let close = detail.range(of: ")=(", range: open.upperBound..<detail.endIndex)
        else { return [] }
        return detail[open.upperBound..<close.lowerBound].split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "vanort_fold(", with: "").replacingOccurrences(of: ")", with: "")
        }
    }

    /// `Key (id)=(4) …` → `["4"]`.
    static func keyValues(_ detail: String?) -> [String] {
        guard let detail, let equals = detail.range(of: ")=("), let close = detail.range(of: ")", range: equals.upperBound..<detail.endIndex)
        else { return [] }
        return detail[equals.upperBound..<close.lowerBound].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// `… is still referenced from table "agreement_party".` → `agreement_party`.
    static func referencingTable(_ detail: String) -> String? {
        guard let from = detail.range(of: "from table \"") else { return nil }
        let rest = detail[from.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}
