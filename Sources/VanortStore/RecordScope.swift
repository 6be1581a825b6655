import Foundation
import VanortDomain
import VanortPostgres

/// Which records a store call may see and change. The store applies it to every query
/// itself, so a command that forgot to check could still not reach past it.
public enum RecordScope: Sendable, Equatable {
    /// Administrators and staff.
    case everything
    /// A friendship association: its own visits, exchanges, participants and non-staff contacts.
    case association(id: Int)

    public init(_ principal: Principal) {
        if principal.role == .association {
            // An association principal without an association sees nothing: id 0 matches no row.
            self = .association(id: principal.associationID ?? 0)
        } else {
            self = .everything
        }
    }

    /// Throws unless this scope may read some records of `table`.
    func checkRead(_ table: any RecordTable.Type) throws(StoreError) {
        guard case .association = self, case .denied = table.associationAccess else { return }
        throw StoreError.denied("an association may not read \(table.noun.rawValue) records")
    }

    /// Narrows a `select` to what this scope may read; throws when it may read none of the table.
    func restrict(_ sql: inout SQL, _ table: any RecordTable.Type) throws(StoreError) {
        try checkRead(table)
        guard case .association(let id) = self else { return }
        switch table.associationAccess {
        case .denied, .readAll:
            return
        case .readOwn(let owner), .readOwnUpdating(let owner):
            sql.andEquals(owner, id)
        case .writeOwn(let owner, let condition, _):
            sql.andEquals(owner, id)
            sql.append(condition)
        }
    }

    /// Throws unless this scope may add or change records of `table`.
    func checkWrite(_ table: any RecordTable.Type) throws(StoreError) {
        guard case .association = self else { return }
        guard case .writeOwn = table.associationAccess else {
            throw StoreError.denied("an association may not change \(table.noun.rawValue) records")
        }
    }

    /// Throws unless this scope may make these changes to records of `table`: an
    /// association that may update only some fields of its own record (its association's
    /// e-mail) is told which.
    func checkUpdate(_ table: any RecordTable.Type, changing keys: some Collection<String>) throws(StoreError) {
        guard case .association = self, case .readOwnUpdating = table.associationAccess else { return try checkWrite(table) }
        let allowed = table.associationWritableFields
        if let other = keys.sorted().first(where: { !allowed.contains($0) }) {
            throw StoreError.denied(
                "an association may change only its own \(allowed.sorted().joined(separator: ", ")) here, not \(other); ask the international office")
        }
    }

    /// The input with the owner field filled in when an association left it out.
    func withOwner(_ input: [String: String], _ table: any RecordTable.Type) -> [String: String] {
        guard case .association(let id) = self, case .writeOwn(_, _, let field?) = table.associationAccess,
            (input[field] ?? "").trimmingCharacters(in: .whitespaces).isEmpty
        else { return input }
        var filled = input
        filled[field] = String(id)
        return filled
    }

    /// `rows` with the table's sensitive columns emptied when this scope may not read them.
    func masked(_ rows: PostgresRows, _ table: any RecordTable.Type) -> PostgresRows {
        guard case .association = self, !table.sensitiveColumns.isEmpty else { return rows }
        let hidden = rows.columns.indices.filter { table.sensitiveColumns.contains(rows.columns[$0]) }
        let values = rows.values.map { row in
            var row = row
            for index in hidden { row[index] = nil }
            return row
        }
        return PostgresRows(columns: rows.columns, types: rows.types, values: values, affectedRows: rows.affectedRows)
    }
}

/// What a friendship association may do with one kind of record.
enum AssociationAccess: Sendable {
    /// Nothing: not even read.
    case denied
    /// Read every record (cities).
    case readAll
    /// Read the records whose `owner` column (an expression over `select`'s aliases) is the association.
    case readOwn(owner: SQL)
    /// Read its own records as `readOwn`, and update only their fields the table declares
    /// writable by an association (`associationWritableFields`); never add or delete.
    case readOwnUpdating(owner: SQL)
    /// Read, add and change its own records; `condition` (` AND …`) narrows them further.
    /// `field` is the input field naming the owner, filled in when an association leaves it out.
    case writeOwn(owner: SQL, condition: SQL = "", field: String? = nil)
}
