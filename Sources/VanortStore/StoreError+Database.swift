import Foundation
import VanortPostgres

/// A database constraint's refusal in the user's words: which record, which field, which
/// other records hold on to it; never a table, a key or a SQLSTATE.
extension StoreError {
    /// What the records of each table are called, in the plural, for "still named by …".
    static let recordsByTable: [String: String] = [
        "city": "cities", "agreement": "agreements", "agreement_party": "agreements", "association": "associations",
        "contact": "contacts", "visit": "visits", "exchange": "exchanges", "participant": "participants",
        "network": "networks", "network_member": "networks", "plan": "action plans", "activity": "activities",
        "reminder_rule": "reminder rules", "reminder": "reminders", "access_token": "access tokens",
    ]

    /// The meaning of a constraint violation met while writing a `noun`; nil for other errors.
    public init?(_ error: PostgresServerError, noun: String) {
        switch error.sqlState {
        case "23505":
            let fields = Self.keyColumns(error.detail).map { $0.replacingOccurrences(of: "_", with: "-") }
            let values = Self.keyValues(error.detail).joined(separator: ", ")
            let named = fields.isEmpty ? "" : " with " + fields.joined(separator: " and ") + (values.isEmpty ? "" : " " + values)
            self = .duplicate(noun: noun, existing: "another \(noun)\(named)", bypass: nil)
        case "23503":
            guard let table = error.detail.flatMap(Self.referencingTable), let records = Self.recordsByTable[table] else {
                self = .rejected(noun: noun, field: nil, rule: "a record it names no longer exists; check its references")
                return
            }
            self = .stillReferenced(noun: noun, id: Self.keyValues(error.detail).first, by: records)
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
