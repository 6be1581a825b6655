import VanortDomain
import VanortPostgres

/// How one kind of record is stored: the SQL behind its commands.
///
/// `select` reads the record as users see it, with the main table aliased `r` and ending
/// in `WHERE true`, so filters and `r.id = $n` can be appended. `form` reads the stored
/// values back in the shape `add` takes them, so an update can be validated whole.
protocol RecordTable {
    static var noun: Noun { get }
    static var table: SQL { get }
    static var select: SQL { get }
    /// The options `list` takes besides `search`.
    static var filterKeys: Set<String> { get }
    /// What `search` matches, folded: an SQL expression over `r`.
    static var searchText: SQL { get }
    static func form(_ connection: PostgresConnection, id: Int) throws -> [String: String]
    /// Validates and writes; `id` nil inserts. Returns the record's id.
    static func save(_ connection: PostgresConnection, _ input: FieldInput, id: Int?, context: StoreContext) throws -> Int
    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws
    /// What a friendship association may do with these records.
    static var associationAccess: AssociationAccess { get }
    /// The fields an association may change in its own records under `readOwnUpdating`.
    static var associationWritableFields: Set<String> { get }
    /// Columns of `select` that associations never read (they come back NULL).
    static var sensitiveColumns: Set<String> { get }
    /// When two records are the same one (trimmed, ignoring case and diacritics): a condition
    /// over the stored row `n` and another row `o`; nil when any number may look alike.
    static var identity: SQL? { get }
    /// How a record is named in a duplicate's message, an expression over `o`.
    static var identityLabel: SQL { get }
    /// True when a second record of the same identity is never allowed (cities).
    static var identityIsUnique: Bool { get }
}

extension RecordTable {
    static var associationAccess: AssociationAccess { .denied }
    static var sensitiveColumns: Set<String> { [] }
    static var associationWritableFields: Set<String> { [] }
    static var identity: SQL? { nil }
    static var identityLabel: SQL { "o.name" }
    static var identityIsUnique: Bool { false }
}

extension PostgresRow {
    /// The row's non-NULL columns as text, for `form`.
    func textFields() -> [String: String] {
        var fields: [String: String] = [:]
        for (column, value) in zip(columns, values) {
            if let value { fields[column] = value }
        }
        return fields
    }
}

extension SQL {
    /// Appends `AND <column> = $n` for a filter value.
    mutating func andEquals(_ column: SQL, _ value: (any PostgresEncodable)?) {
        append(" AND ")
        append(column)
        append(" = ")
        bind(value)
    }
}

extension SQL {
    /// `<head> <table> WHERE id = $n <tail>`: a statement about one row of a record table.
    static func row(_ head: SQL, _ table: any RecordTable.Type, id: Int, _ tail: SQL = "") -> SQL {
        var sql = head
        sql.append(" ")
        sql.append(table.table)
        sql.append(" WHERE id = ")
        sql.bind(id)
        sql.append(tail)
        return sql
    }

    /// The `from`/`to` filters of dated records: `from` keeps those ending on or after the
    /// day, `to` those starting on or before it.
    mutating func andWithin(_ key: String, _ value: String) throws {
        let day = try FieldInput([key: value]).date(key)
        append(key == "from" ? " AND r.to_date >= " : " AND r.from_date <= ")
        bind(day.postgres)
    }
}

/// Converts between the domain's dates and the database's.
extension CalendarDate {
    var postgres: PostgresDate { PostgresDate(year: year, month: month, day: day) }
}

/// The id an `INSERT … RETURNING id` returned.
func returnedID(_ rows: PostgresRows) throws -> Int {
    guard let row = rows.first else {
        throw PostgresError.decoding(column: "id", value: nil, expected: "the id RETURNING gives")
    }
    return try row.decode(Int.self, "id")
}
