import Foundation

/// A noun of the register declared once: its name, its table and its fields
/// (`FieldDescriptor`). vanortctl's flags and help, the daemon's options, the SQL of add,
/// show, list, update and filters, and import/export derive from it; the domain type
/// adds only the rules that span fields (`validate`), which may also complete a value
/// that follows from others (a visit with a report date is reported).
public struct NounDescriptor: Sendable {
    public let noun: String
    public let summary: String
    /// The table, a literal (see `FieldDescriptor.column`).
    public let table: StaticString
    public let fields: [FieldDescriptor]
    /// The columns `list` shows on a terminal (nil: all).
    public var brief: [String]?
    /// The date column a terminal list is sorted by.
    public var dateColumn: String?
    /// The fields that together make two records the same one (trimmed, ignoring case and
    /// diacritics; only when all are given); empty: any number may look alike.
    public var identity: [String]
    /// The field `show NAME` and references match by name; nil: by id only.
    public var nameKey: String?
    /// Columns `list` shows beyond the fields, computed by the store (`open-activities`);
    /// `import` ignores them.
    public var computed: [String]
    /// `list` filters that are no field (`--city` of a plan: a party of its agreement),
    /// with their help; the store's table applies them.
    public var otherFilters: [(key: String, help: String)]
    /// Checks the rules between fields, given every field's value (references resolved),
    /// and completes values that follow from others.
    public let validate: @Sendable (inout FieldValues) throws(ValidationError) -> Void

    public init(
        noun: String, summary: String, table: StaticString, fields: [FieldDescriptor], brief: [String]? = nil, dateColumn: String? = nil,
        identity: [String] = [], nameKey: String? = nil, computed: [String] = [], otherFilters: [(key: String, help: String)] = [],
        validate: @escaping @Sendable (inout FieldValues) throws(ValidationError) -> Void
    ) {
        self.computed = computed
        self.otherFilters = otherFilters
        self.identity = identity
        self.nameKey = nameKey
        self.noun = noun
        self.summary = summary
        self.table = table
        self.fields = fields
        self.brief = brief
        self.dateColumn = dateColumn
        self.validate = validate
    }

    /// Every noun of the register, in the order an import of the whole register needs
    /// (a record after those it refers to).
    public static let declared: [NounDescriptor] = [
        City.descriptor, Agreement.descriptor, Association.descriptor, Contact.descriptor, Visit.descriptor, Exchange.descriptor,
        Participant.descriptor, Network.descriptor, Plan.descriptor, Activity.descriptor, Rule.descriptor, Grant.descriptor,
        Cost.descriptor, Amendment.descriptor,
    ]

    /// Every field's value as `input` gives it, read by its kind (defaults filled in);
    /// references are still the text typed, for the store to resolve.
    public func read(_ input: FieldInput) throws(ValidationError) -> FieldValues {
        let (values, errors) = readEvery(input)
        if let error = ValidationError(all: errors) { throw error }
        return values
    }

    /// Every field that reads, and what is wrong with each that does not: one answer
    /// names every mistake of the record.
    public func readEvery(_ input: FieldInput) -> (FieldValues, [ValidationError]) {
        let filled = withDefaults(input)
        var values: [String: FieldValue] = [:]
        var errors: [ValidationError] = []
        for field in fields {
            do {
                values[field.key] = try field.read(filled)
            } catch {
                errors.append(error)
            }
        }
        return (FieldValues(values), errors)
    }

    /// Checks the rules between fields (`validate`) even when some fields did not read
    /// (`errors`; a rule about those is not told twice), and throws every mistake at once
    /// in the order of the fields.
    public func check(_ values: inout FieldValues, besides errors: [ValidationError]) throws(ValidationError) {
        var all = errors
        do {
            try validate(&values)
        } catch {
            let failed = Set(errors.map(\.field))
            all += error.all.filter { !failed.contains($0.field) }
        }
        let order = Dictionary(fields.enumerated().map { ($1.key, $0) }) { first, _ in first }
        let sorted = all.enumerated().sorted { a, b in
            let (x, y) = (order[a.element.field] ?? fields.count, order[b.element.field] ?? fields.count)
            return x == y ? a.offset < b.offset : x < y
        }.map(\.element)
        if let error = ValidationError(all: sorted) { throw error }
    }

    public func field(_ key: String) -> FieldDescriptor? {
        fields.first { $0.key == key }
    }

    /// The input with each absent field's default filled in (on add).
    public func withDefaults(_ input: FieldInput) -> FieldInput {
        var defaults: [String: String] = [:]
        for field in fields {
            if let value = field.defaultValue, (input.values[field.key] ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                defaults[field.key] = value
            }
        }
        return defaults.isEmpty ? input : input.overlaid(with: defaults)
    }
}

/// Every field's value of one record, by key, for the rules between fields.
public struct FieldValues: Sendable, Equatable {
    public var values: [String: FieldValue]

    public init(_ values: [String: FieldValue]) {
        self.values = values
    }

    public subscript(key: String) -> FieldValue? { values[key] }

    public func date(_ key: String) -> CalendarDate? {
        if case .date(let date)? = values[key] { return date }
        return nil
    }

    public func text(_ key: String) -> String? {
        if case .text(let text)? = values[key] { return text }
        return nil
    }

    public func integer(_ key: String) -> Int? {
        if case .integer(let number)? = values[key] { return number }
        return nil
    }

    public func bool(_ key: String) -> Bool? {
        if case .bool(let flag)? = values[key] { return flag }
        return nil
    }

    /// A list's words or names (empty when none).
    public func list(_ key: String) -> [String] {
        if case .list(let items)? = values[key] { return items }
        return []
    }

    /// The ids a reference or references resolved to (empty when none); a reference read
    /// from stored text (an id) counts too.
    public func ids(_ key: String) -> [Int] {
        switch values[key] {
        case .id(let id)?: [id]
        case .ids(let ids)?: ids
        case .text(let text)?: text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        default: []
        }
    }

    /// The value of a choice field as its type, nil when absent.
    public func choice<C: RawRepresentable>(_ key: String, _ type: C.Type) -> C? where C.RawValue == String {
        text(key).flatMap(C.init(rawValue:))
    }

    /// Throws unless `later` (when both are given) is on or after `earlier`.
    public func requireOrder(_ earlier: String, _ later: String) throws(ValidationError) {
        guard let first = date(earlier), let second = date(later), second < first else { return }
        throw ValidationError(field: later, value: second.description, key: "rule.not-before", ["other": earlier, "date": first.description])
    }
}
