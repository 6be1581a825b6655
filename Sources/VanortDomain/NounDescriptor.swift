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

    /// The nouns declared this way (the catalog places each among the others, in the
    /// order an import of the whole register needs).
    public static let declared: [NounDescriptor] = [City.descriptor, Association.descriptor, Contact.descriptor, Visit.descriptor, Exchange.descriptor, Participant.descriptor, Plan.descriptor, Activity.descriptor, Grant.descriptor, Cost.descriptor, Amendment.descriptor]

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

    /// Throws unless `later` (when both are given) is on or after `earlier`.
    public func requireOrder(_ earlier: String, _ later: String) throws(ValidationError) {
        guard let first = date(earlier), let second = date(later), second < first else { return }
        throw ValidationError(field: later, value: second.description, key: "rule.not-before", ["other": earlier, "date": first.description])
    }
}
