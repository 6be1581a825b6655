/// A field that failed validation: which field, the value given, and the rule it broke,
/// and any other fields of the same record that failed too (`others`), so that one answer
/// names every mistake. The daemon answers it with `422 INVALID`; nothing is written.
public struct ValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public var field: String
    public var value: String?
    public var rule: String
    /// The other fields of the record that failed, in the order of its fields.
    public var others: [ValidationError] = []
    /// The rule's catalogue key (`rule.required`) and what fills it in, so the rule can be
    /// told in the reader's language; nil for a rule only written in English.
    public var key: String?
    public var values: [String: String] = [:]

    public init(field: String, value: String?, rule: String) {
        self.field = field
        self.value = value
        self.rule = rule
    }

    /// A rule from the catalogues (`rule.*`), in English until `localized` is asked for another language.
    public init(field: String, value: String?, key: String, _ values: [String: String] = [:]) {
        self.init(field: field, value: value, rule: Catalogue.text(key, .en, values))
        self.key = key
        self.values = values
    }

    /// This error, and the others, with their rules in `language` where the catalogues have them.
    public func localized(_ language: Language) -> ValidationError {
        var told = self
        var values = self.values
        if let noun = values["noun"] { values["noun"] = Catalogue.text("noun.\(noun)", language) }
        if let key { told.rule = Catalogue.text(key, language, values) }
        told.others = others.map { $0.localized(language) }
        return told
    }

    /// The first of `errors` carrying the rest; nil when there are none.
    public init?(all errors: [ValidationError]) {
        guard var first = errors.first else { return nil }
        first.others = Array(errors.dropFirst()).flatMap { [$0] + $0.others }.map { var one = $0; one.others = []; return one }
        self = first
    }

    /// Every failed field, this one first.
    public var all: [ValidationError] {
        var head = self
        head.others = []
        return [head] + others
    }

    /// `from '2027-13-01': must be a date; participants '-3': must be …`.
    public var description: String {
        all.map { error in error.value.map { "\(error.field) '\($0)': \(error.rule)" } ?? "\(error.field): \(error.rule)" }
            .joined(separator: "; ")
    }
}
