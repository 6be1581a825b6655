import Foundation
import VanortDomain
import VanortPostgres

/// Turns what a user typed for a reference (an id or an exact name) into an id.
///
/// An exact name wins; failing that, a name equal when case and diacritics are
/// folded (`kecskemet` → Kecskemét). More than one match is an error listing them.
/// Records outside the caller's scope do not resolve, as if they did not exist.
struct ReferenceResolver {
    let connection: PostgresConnection
    var scope: RecordScope = .everything

    /// A reference typed into a field of another record: a missing one is that field's
    /// validation error (`422`).
    func resolve(_ noun: Noun, _ reference: String, field: String) throws -> Int {
        do {
            return try record(noun, reference, field: field)
        } catch StoreError.notFound(_, _, let suggestion) {
            throw suggestion.map { ValidationError(field: field, value: reference, key: "rule.no-such-suggesting", ["noun": noun.rawValue, "suggestion": $0]) }
                ?? ValidationError(field: field, value: reference, key: "rule.no-such", ["noun": noun.rawValue])
        }
    }

    /// The record a command is about (`show ID`): a missing one is `404`.
    func record(_ noun: Noun, _ reference: String, field: String) throws -> Int {
        let trimmed = reference.trimmingCharacters(in: .whitespaces)
        if let id = Int(trimmed) {
            guard try exists(noun, id: id) else { throw StoreError.notFound(noun: noun.rawValue, reference: trimmed) }
            return id
        }
        guard let source = Self.namedSource(noun) else {
            throw StoreError.notFound(noun: noun.rawValue, reference: trimmed)
        }
        var sql = SQL("SELECT id, ", trimmed)
        sql.append(source.name)
        sql.append(" = $1 AS exact, ")
        sql.append(source.label)
        sql.append(" AS label FROM ")
        sql.append(source.table)
        sql.append(" WHERE ")
        sql.append(source.name)
        sql.append(" = $1 OR vanort_fold(")
        sql.append(source.name)
        sql.append(") = vanort_fold($1) ORDER BY id")
        let rows = try connection.query(sql)
        var matches = Array(rows)
        if scope != .everything {
            matches = try matches.filter { try exists(noun, id: $0.decode(Int.self, "id")) }
        }
        let exact = try matches.filter { try $0.decode(Bool.self, "exact") }
        if !exact.isEmpty { matches = exact }
        guard let first = matches.first else {
            throw StoreError.notFound(noun: noun.rawValue, reference: trimmed, suggestion: try nearest(to: trimmed, in: source, noun: noun))
        }
        guard matches.count == 1 else {
            let candidates = try matches.map { "\(try $0.decode(Int.self, "id")) \(try $0.decode(String.self, "label"))" }
            throw StoreError.ambiguous(field: field, reference: trimmed, candidates: candidates)
        }
        return try first.decode(Int.self, "id")
    }

    /// The name most like `reference` (a typo: `Kecskement` for Kecskemét), if one is close:
    /// at most a third of its letters differ, ignoring case and diacritics.
    private func nearest(to reference: String, in source: NamedSource, noun: Noun) throws -> String? {
        var sql: SQL = "SELECT id, "
        sql.append(source.name)
        sql.append(" AS name, vanort_fold(")
        sql.append(source.name)
        sql.append(") AS folded FROM ")
        sql.append(source.table)
        sql.append(" ORDER BY id LIMIT 5000")
        let typed = Array(reference.lowercased().folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil))
        var best: (name: String, distance: Int)?
        for row in try connection.query(sql) {
            guard let name = try row.decodeIfPresent(String.self, "name"), let folded = try row.decodeIfPresent(String.self, "folded") else { continue }
            if scope != .everything, try !exists(noun, id: row.decode(Int.self, "id")) { continue }
            let distance = EditDistance.between(typed, Array(folded))
            if distance <= max(1, typed.count / 3), distance < (best?.distance ?? .max) { best = (name, distance) }
        }
        return best?.name
    }

    /// Where the records of a noun that has names are, which column names them and how a
    /// candidate is labelled when a name is ambiguous.
    struct NamedSource {
        var table: SQL
        var name: SQL
        var label: SQL
        /// The name tells one record from the others, so a reference to one is shown by its
        /// name (a city) rather than its id (an exchange's title may repeat).
        var shownByName = false
    }

    /// The named source of a noun; nil for nouns referenced by id only.
    static func namedSource(_ noun: Noun) -> NamedSource? {
        switch noun {
        case .city: NamedSource(table: "city", name: "name", label: "name || ', ' || country", shownByName: true)
        case .association: NamedSource(table: "association", name: "name", label: "name", shownByName: true)
        case .contact: NamedSource(table: "contact", name: "name", label: "name || coalesce(' (' || email || ')', '')", shownByName: true)
        case .network: NamedSource(table: "network", name: "name", label: "name", shownByName: true)
        case .rule: NamedSource(table: "reminder_rule", name: "name", label: "name", shownByName: true)
        case .exchange: NamedSource(table: "exchange", name: "title", label: "coalesce(title, '') || ' ' || from_date")
        case .plan: NamedSource(table: "plan", name: "title", label: "title || ' ' || period_from")
        case .activity: NamedSource(table: "activity", name: "title", label: "title || coalesce(' ' || due_on, '')")
        case .agreement, .visit, .participant, .cost, .amendment: nil
        case .grant: namedSource(GrantTable.self)
        }
    }

    /// The named source a declared noun's `nameKey` gives.
    private static func namedSource(_ table: any DescribedTable.Type) -> NamedSource? {
        guard let key = table.descriptor.nameKey, let field = table.descriptor.field(key) else { return nil }
        return NamedSource(table: table.table, name: SQL(stringLiteral: field.column), label: table.label(of: ""))
    }

    /// The responsible contact of a visit or an exchange. An association may name one of its
    /// own contacts or a staff member of the international office (by name or id); of the
    /// staff it learns only their names, and only when the name it gave is no one's.
    func responsible(_ input: FieldInput, _ field: String) throws -> Int? {
        guard let text = try input.optionalText(field) else { return nil }
        guard scope != .everything else { return try resolve(.contact, text, field: field) }
        do {
            return try record(.contact, text, field: field)
        } catch StoreError.notFound {
            let staff = try connection.query(SQL(
                """
                SELECT id FROM contact WHERE staff AND (id::text = $1 OR name = $1 OR vanort_fold(name) = vanort_fold($1)) ORDER BY id
                """, text))
            if staff.count == 1, let id = try staff.first?.decode(Int.self, "id") { return id }
            let names = try connection.query("SELECT name FROM contact WHERE staff ORDER BY name").map { try $0.decode(String.self, "name") }
            throw ValidationError(
                field: field, value: text,
                rule: "is no contact of yours nor of the international office" + (names.isEmpty ? "" : " (its staff: \(names.joined(separator: ", ")))"))
        }
    }

    /// The id an optional reference field names, nil when it is empty.
    func optional(_ noun: Noun, _ input: FieldInput, _ field: String) throws -> Int? {
        guard let text = try input.optionalText(field) else { return nil }
        return try resolve(noun, text, field: field)
    }

    /// The id a required reference field names.
    func required(_ noun: Noun, _ input: FieldInput, _ field: String) throws -> Int {
        guard let text = try input.optionalText(field) else {
            throw ValidationError(field: field, value: nil, rule: "is required")
        }
        return try resolve(noun, text, field: field)
    }

    /// A list of references, comma-separated (`--city "Palo Alto,Enschede"`).
    func resolveList(_ noun: Noun, _ references: String, field: String) throws -> [Int] {
        var ids: [Int] = []
        for part in references.split(separator: ",") where !part.trimmingCharacters(in: .whitespaces).isEmpty {
            let id = try resolve(noun, String(part), field: field)
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    func exists(_ noun: Noun, id: Int) throws -> Bool {
        let table = RegisterStore.table(for: noun)
        guard scope != .everything else {
            return try connection.query(.row("SELECT 1 FROM", table, id: id)).count == 1
        }
        var sql = table.select
        do {
            try scope.restrict(&sql, table)
        } catch {
            return false
        }
        sql.andEquals("r.id", id)
        return try connection.query(sql).count == 1
    }
}
