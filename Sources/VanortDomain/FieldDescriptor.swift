import Foundation

/// One field of a noun, declared once: the option key users type (`--decision-due`), the
/// column it is stored in, what kind of value it holds, its help text and what it takes
/// part in (filters, search). The catalog, the SQL, reading and validating the input and
/// the reply's columns all derive from it.
public struct FieldDescriptor: Sendable {
    /// What a field holds, and so how its text is read and stored.
    public enum Kind: Sendable, Equatable {
        /// One line of text, trimmed, at most so many characters.
        case text(maxLength: Int)
        /// Free text up to `FieldInput.notesLength` characters.
        case notes
        /// A day (`YYYY-MM-DD`).
        case date
        /// A whole number in a range.
        case integer(ClosedRange<Int>)
        /// An exact amount (`12500`, `12 500,50`), never a binary float.
        case amount
        /// An ISO 4217 currency code (`SEK`, `EUR`), upper-cased.
        case currency
        /// One of a fixed set of words, lower-cased.
        case choice([String])
        case bool
        case email
        /// An http(s) address.
        case website
        case phone
        /// An ISO 3166-1 alpha-2 country code, upper-cased.
        case country
        /// An IANA time zone name (`Europe/Stockholm`).
        case timeZone
        /// An id or name of a record of another noun (`city`, `contact`).
        case reference(noun: String)
        /// Comma-separated words (`eu,municipality`), lower-cased, without repeats; empty
        /// when none are given.
        case list
        /// Comma-separated names as typed (`Winnebago County,Sustain Dane`), trimmed, a name
        /// given twice counting once; empty when none are given.
        case names
        /// Records of another noun, comma-separated ids or names (an agreement's partner
        /// cities); the store resolves each.
        case references(noun: String)
        /// A time of day, `HH:MM`.
        case timeOfDay
    }

    public let key: String
    /// The column, in the noun's table. A literal, so SQL built from it stays literal text.
    public let column: StaticString
    public let kind: Kind
    public let help: String
    public var isRequired = false
    /// The value when none is given on add.
    public var defaultValue: String?
    /// `list --KEY VALUE` filters on it (equality; a reference by id or name).
    public var isFilter = false
    /// `list --search` looks in it (text, and a reference's name).
    public var isSearched = false
    /// A friendship association may change it in its own record where the noun lets an
    /// association update only some fields (its association's e-mail, website, notes).
    public var isAssociationWritable = false
    /// Kept by the noun's table elsewhere than in a column of its own row (an agreement's
    /// parties, a network's members): `column` then names where, and the table reads,
    /// writes and filters it.
    public var isLinked = false
    /// For the office's eyes only (a participant's special needs): an association reads it
    /// as empty and never sends it.
    public var isSensitive = false

    public init(
        _ key: String, _ column: StaticString, _ kind: Kind, _ help: String, required: Bool = false, default defaultValue: String? = nil,
        filter: Bool = false, search: Bool = false, association: Bool = false, linked: Bool = false, sensitive: Bool = false
    ) {
        self.isSensitive = sensitive
        self.isAssociationWritable = association
        self.isLinked = linked
        self.key = key
        self.column = column
        self.kind = kind
        self.help = help
        self.isRequired = required
        self.defaultValue = defaultValue
        self.isFilter = filter
        self.isSearched = search
    }

    /// The noun this field refers to, for a reference.
    public var referencedNoun: String? {
        if case .reference(let noun) = kind { return noun }
        return nil
    }

    /// The noun this field lists records of, for references.
    public var listedNoun: String? {
        if case .references(let noun) = kind { return noun }
        return nil
    }

    /// True when the field holds several values (words, names, records).
    public var holdsSeveral: Bool {
        switch kind {
        case .list, .names, .references: true
        default: false
        }
    }

    /// The field's value as `input` gives it (with the default on add), read by its kind;
    /// nil when it is empty. References come back as the text typed: the store resolves them.
    public func read(_ input: FieldInput) throws(ValidationError) -> FieldValue? {
        let value: FieldValue? = switch kind {
        case .text(let maxLength): try input.optionalText(key, maxLength: maxLength).map(FieldValue.text)
        case .notes: try input.notes(key).map(FieldValue.text)
        case .date: try input.optionalDate(key).map(FieldValue.date)
        case .integer(let range): try input.optionalInteger(key, in: range).map(FieldValue.integer)
        case .amount: try input.optionalDecimal(key).map(FieldValue.amount)
        case .currency: try input.optionalCurrency(key).map(FieldValue.text)
        case .choice(let words): try input.optionalWord(key, among: words).map(FieldValue.text)
        case .bool: try input.optionalBool(key).map(FieldValue.bool)
        case .email: try input.optionalEmail(key).map(FieldValue.text)
        case .website: try input.optionalWebsite(key).map(FieldValue.text)
        case .phone: try input.optionalPhone(key).map(FieldValue.text)
        case .country: try input.optionalText(key) == nil ? nil : FieldValue.text(try input.country(key))
        case .timeZone: try input.optionalText(key) == nil ? nil : FieldValue.text(try input.timeZone(key))
        case .reference: try input.optionalText(key).map(FieldValue.text)
        case .list: FieldValue.list(try input.list(key))
        case .names: FieldValue.list(try input.names(key))
        case .references: try input.optionalText(key).map(FieldValue.text)
        case .timeOfDay: try input.optionalTimeOfDay(key).map(FieldValue.text)
        }
        guard value == nil, isRequired else { return value }
        throw ValidationError(field: key, value: nil, rule: "is required")
    }
}

/// A field's value once read by its kind.
public enum FieldValue: Sendable, Equatable {
    case text(String)
    case date(CalendarDate)
    case integer(Int)
    case amount(Decimal)
    case bool(Bool)
    /// A reference, resolved to the record's id.
    case id(Int)
    case list([String])
    /// References, resolved to the records' ids, in the order given.
    case ids([Int])
}

extension FieldInput {
    /// An ISO 4217 code: three letters, upper-cased (`sek` → `SEK`).
    public func optionalCurrency(_ field: String) throws(ValidationError) -> String? {
        guard let text = try optionalText(field, maxLength: 10)?.uppercased() else { return nil }
        guard text.count == 3, text.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw ValidationError(field: field, value: text, rule: "must be a three-letter currency code such as SEK or EUR")
        }
        return text
    }

    /// One of `words`, lower-cased.
    /// One of `words`, typed as the key (`granted`) or as the catalogues' word for it in
    /// Swedish or English (`beviljad`).
    public func optionalWord(_ field: String, among words: [String]) throws(ValidationError) -> String? {
        guard let text = try optionalText(field)?.lowercased() else { return nil }
        if words.contains(text) { return text }
        if let word = Catalogue.choice(text, among: words) { return word }
        throw ValidationError(field: field, value: text, key: "rule.one-of", FieldInput.oneOf(words))
    }
}
