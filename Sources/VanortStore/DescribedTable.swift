import Foundation
import VanortDomain
import VanortPostgres

/// A record table whose SQL is derived from its noun's declaration (`NounDescriptor`):
/// the select with every field under its key, the form an update starts from, insert and
/// update of every column, filters by kind, search over the searched fields and the
/// identity that makes two records the same one. A table adds only what the declaration
/// cannot say: who in an association may read it, a special identity, computed columns,
/// exception filters (`describedFilter` does the rest) and rules that need the register.
protocol DescribedTable: RecordTable {
    static var descriptor: NounDescriptor { get }
    /// The SQL of the declaration's `computed` columns, by name, over `r`.
    static var computedColumns: [String: SQL] { get }
    /// The rules that need the register itself (a visit's city is not the home
    /// municipality), after the declaration's own, before record `id` (nil: a new one) is
    /// written; throws a field's `ValidationError`.
    static func check(_ values: FieldValues, id: Int?, on connection: PostgresConnection, context: StoreContext) throws
    /// The linked fields (`FieldDescriptor.isLinked`) as `form` reads them back, by key: an
    /// expression over `r` giving the text `add` takes (ids comma-separated).
    static var linkedForm: [String: SQL] { get }
    /// Writes the linked fields of record `id` (`isNew` when just inserted), after its row.
    static func saveLinks(_ values: FieldValues, id: Int, isNew: Bool, on connection: PostgresConnection, context: StoreContext) throws
    /// The input with what follows from the register filled in before it is read (an
    /// agreement's home party is the home municipality unless given).
    static func completed(_ input: FieldInput, context: StoreContext) -> FieldInput
}

extension DescribedTable {
    static var computedColumns: [String: SQL] { [:] }

    static func check(_ values: FieldValues, id: Int?, on connection: PostgresConnection, context: StoreContext) throws {}

    static var linkedForm: [String: SQL] { [:] }

    static func saveLinks(_ values: FieldValues, id: Int, isNew: Bool, on connection: PostgresConnection, context: StoreContext) throws {}

    static func completed(_ input: FieldInput, context: StoreContext) -> FieldInput { input }

    static var table: SQL { SQL(stringLiteral: descriptor.table) }

    /// `SELECT r.id, <each field AS its key>, r.version FROM <table> r WHERE true`; a
    /// reference to a named record shows its name, others its id.
    static var select: SQL {
        var sql: SQL = "SELECT r.id"
        for field in descriptor.fields {
            guard let expression = shown(field) else { continue }
            sql.append(", ")
            sql.append(expression)
            sql.append(" AS ")
            sql.append(.identifier(field.key.replacingOccurrences(of: "-", with: "_")))
        }
        for name in descriptor.computed {
            guard let expression = computedColumns[name] else { continue }
            sql.append(", ")
            sql.append(expression)
            sql.append(" AS ")
            sql.append(.identifier(name.replacingOccurrences(of: "-", with: "_")))
        }
        sql.append(", r.version FROM ")
        sql.append(table)
        sql.append(" r WHERE true")
        return sql
    }

    static var associationWritableFields: Set<String> { Set(descriptor.fields.filter(\.isAssociationWritable).map(\.key)) }

    /// The columns of the fields declared sensitive, which associations read as NULL.
    static var sensitiveColumns: Set<String> { Set(descriptor.fields.filter(\.isSensitive).map { $0.key.replacingOccurrences(of: "-", with: "_") }) }

    static var filterKeys: Set<String> {
        Set(descriptor.fields.filter(\.isFilter).map(\.key) + descriptor.otherFilters.map(\.key))
    }

    static var searchText: SQL {
        var sql: SQL = "vanort_fold(concat_ws(' '"
        for field in descriptor.fields where field.isSearched {
            guard let expression = readable(field, separator: " ") else { continue }
            sql.append(", ")
            sql.append(expression)
        }
        sql.append("))")
        return sql
    }

    /// Same when every identity field is given and equal (folded) in both rows.
    static var identity: SQL? {
        guard !descriptor.identity.isEmpty else { return nil }
        var sql: SQL = "true"
        for key in descriptor.identity {
            guard let field = descriptor.field(key) else { continue }
            let column = SQL(stringLiteral: field.column)
            sql.append(" AND vanort_fold(o.")
            sql.append(column)
            sql.append("::text) = vanort_fold(n.")
            sql.append(column)
            sql.append("::text)")
        }
        return sql
    }

    static var identityLabel: SQL { label(of: "o.") }

    /// The identity fields of the row `prefix` names (`o.`, or "" for the table itself),
    /// space-separated: how a record is named in a message.
    static func label(of prefix: SQL) -> SQL {
        var sql: SQL = "concat_ws(' '"
        for key in descriptor.identity {
            guard let field = descriptor.field(key) else { continue }
            sql.append(", ")
            sql.append(prefix)
            sql.append(SQL(stringLiteral: field.column))
        }
        sql.append(")")
        return sql
    }

    /// Every field as `add` takes it (lists and references comma-separated, references by
    /// id): what an update overlays its changes on.
    static func form(_ connection: PostgresConnection, id: Int) throws -> [String: String] {
        var fields = try connection.query(formSelect(where: id)).first?.textFields() ?? [:]
        fields.removeValue(forKey: "id")
        return fields
    }

    /// `SELECT r.id, <each field as add takes it> FROM <table> r`, of one record (`id`) or all.
    static func formSelect(where id: Int? = nil) -> SQL {
        var sql: SQL = "SELECT r.id"
        for field in descriptor.fields {
            let column = SQL(stringLiteral: field.column)
            if field.isLinked {
                guard let expression = linkedForm[field.key] else { continue }
                sql.append(", ")
                sql.append(expression)
            } else if field.holdsSeveral {
                sql.append(", array_to_string(r.")
                sql.append(column)
                sql.append(", ',')")
            } else if field.kind == .timeOfDay {
                sql.append(", to_char(r.")
                sql.append(column)
                sql.append(", 'HH24:MI')")
            } else {
                sql.append(", r.")
                sql.append(column)
                sql.append("::text")
            }
            sql.append(" AS ")
            sql.append(.identifier(field.key))
        }
        sql.append(" FROM ")
        sql.append(table)
        sql.append(" r")
        if let id {
            sql.append(" WHERE r.id = ")
            sql.bind(id)
        }
        return sql
    }

    /// Every field of record `id` as a reader sees it (references by name, lists joined
    /// with ", "), by key: what an amendment compares before and after.
    static func readable(_ connection: PostgresConnection, id: Int) throws -> [String: String] {
        var sql: SQL = "SELECT "
        var first = true
        for field in descriptor.fields {
            guard let expression = readable(field, separator: ", ") else { continue }
            if !first { sql.append(", ") }
            first = false
            sql.append(expression)
            sql.append(" AS ")
            sql.append(.identifier(field.key))
        }
        sql.append(" FROM ")
        sql.append(table)
        sql.append(" r WHERE r.id = ")
        sql.bind(id)
        return try connection.query(sql).first?.textFields() ?? [:]
    }

    /// Reads every field by its kind, resolves references within the caller's scope,
    /// checks the rules between fields, then inserts or updates every column.
    static func save(_ connection: PostgresConnection, _ input: FieldInput, id: Int?, context: StoreContext) throws -> Int {
        let (read, unreadable) = descriptor.readEvery(completed(input, context: context))
        var values = read.values
        var errors = unreadable
        let resolver = ReferenceResolver(connection: connection, scope: context.scope)
        for field in descriptor.fields {
            guard let noun = field.referencedNoun ?? field.listedNoun, case .text(let typed)? = values[field.key] else { continue }
            guard let target = Noun(rawValue: noun) else {
                throw StoreError.rejected(noun: descriptor.noun, field: field.key, rule: "refers to \(noun), which the register does not have")
            }
            do {
                if field.listedNoun != nil {
                    values[field.key] = .ids(try resolver.resolveList(target, typed, field: field.key))
                } else {
                    // A responsible contact may be one of the office's staff (see `responsible`).
                    let resolved = target == .contact ? try resolver.responsible(FieldInput([field.key: typed]), field.key) : try resolver.resolve(target, typed, field: field.key)
                    values[field.key] = resolved.map(FieldValue.id)
                }
            } catch let error as ValidationError {
                errors.append(error)
            }
        }
        // Every field that does not read, every name that finds no record and every rule
        // between fields broken, at once.
        var checked = FieldValues(values)
        try descriptor.check(&checked, besides: errors)
        try check(checked, id: id, on: connection, context: context)
        values = checked.values
        let stored = descriptor.fields.filter { !$0.isLinked }
        let bound = stored.map { values[$0.key]?.encodable }
        var sql: SQL
        if let id {
            sql = "UPDATE "
            sql.append(table)
            sql.append(" SET ")
            for (field, value) in zip(stored, bound) {
                sql.append(SQL(stringLiteral: field.column))
                sql.append(" = ")
                sql.bind(value)
                sql.append(", ")
            }
            sql.append("version = version + 1, updated_at = now() WHERE id = ")
            sql.bind(id)
            try connection.query(sql)
            try saveLinks(checked, id: id, isNew: false, on: connection, context: context)
            return id
        }
        sql = "INSERT INTO "
        sql.append(table)
        sql.append(" (")
        for (index, field) in stored.enumerated() {
            if index > 0 { sql.append(", ") }
            sql.append(SQL(stringLiteral: field.column))
        }
        sql.append(") VALUES (")
        for (index, value) in bound.enumerated() {
            if index > 0 { sql.append(", ") }
            sql.bind(value)
        }
        sql.append(") RETURNING id")
        let newID = try returnedID(connection.query(sql))
        try saveLinks(checked, id: newID, isNew: true, on: connection, context: context)
        return newID
    }

    /// Equality on the field's value read by its kind (a bad one is that field's 422); text
    /// ignoring case and diacritics; a reference by id or name.
    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        try describedFilter(&sql, key: key, value: value, resolver: resolver)
    }

    /// The filter the declaration gives, for a table whose own `filter` handles only its
    /// exceptions.
    static func describedFilter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        guard let field = descriptor.field(key), field.isFilter, !field.isLinked else { return }
        let column = SQL(stringLiteral: field.column)
        if let noun = field.referencedNoun.flatMap(Noun.init(rawValue:)) {
            sql.append(" AND r.")
            sql.append(column)
            sql.append(" = ")
            sql.bind(try resolver.resolve(noun, value, field: key))
            return
        }
        try appendCondition(&sql, field, value)
    }

    /// `AND <column> = $n` for a field that is not a reference, its value read by its kind.
    static func appendCondition(_ sql: inout SQL, _ field: FieldDescriptor, _ value: String) throws(ValidationError) {
        let column = SQL(stringLiteral: field.column)
        guard let typed = try field.read(FieldInput([field.key: value])) else { return }
        if case .text(let text) = typed, case .text = field.kind {
            sql.append(" AND vanort_fold(r.")
            sql.append(column)
            sql.append(") = vanort_fold(")
            sql.bind(text)
            sql.append(")")
        } else {
            sql.append(" AND r.")
            sql.append(column)
            sql.append(" = ")
            sql.bind(typed.encodable)
        }
    }

    /// A field as text a reader (or a search) reads: several values joined by `separator`.
    private static func readable(_ field: FieldDescriptor, separator: StaticString) -> SQL? {
        guard let expression = shown(field) else { return nil }
        var sql: SQL = field.holdsSeveral ? "array_to_string(" : "("
        sql.append(expression)
        if field.holdsSeveral {
            sql.append(", '")
            sql.append(SQL(stringLiteral: separator))
            sql.append("')")
        } else {
            sql.append(")::text")
        }
        return sql
    }

    /// A field as `list` shows it: its column, or for a reference to a record with a name,
    /// that name; a time of day as `HH:MM`; a linked field as its table computes it (nil:
    /// not shown).
    private static func shown(_ field: FieldDescriptor) -> SQL? {
        if field.isLinked { return computedColumns[field.key] }
        let column = SQL(stringLiteral: field.column)
        var sql: SQL = "r."
        sql.append(column)
        if field.kind == .timeOfDay {
            sql = "to_char(r."
            sql.append(column)
            sql.append(", 'HH24:MI')")
            return sql
        }
        guard let noun = field.referencedNoun.flatMap(Noun.init(rawValue:)), let source = ReferenceResolver.namedSource(noun),
            source.shownByName
        else { return sql }
        sql = "(SELECT x."
        sql.append(source.name)
        sql.append(" FROM ")
        sql.append(source.table)
        sql.append(" x WHERE x.id = r.")
        sql.append(column)
        sql.append(")")
        return sql
    }
}

extension FieldValue {
    /// The value as a statement parameter.
    var encodable: any PostgresEncodable {
        switch self {
        case .text(let text): text
        case .date(let date): date.postgres
        case .integer(let number): number
        case .amount(let amount): amount
        case .bool(let flag): flag
        case .id(let id): id
        case .list(let words): words
        case .ids(let ids): ids.map(String.init)
        }
    }
}
