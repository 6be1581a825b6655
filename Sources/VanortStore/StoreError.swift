import VanortDomain

/// Why the store could not do what a command asked, beyond a field's validation.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No record of this kind has that id or name.
    case notFound(noun: String, reference: String, suggestion: String? = nil)
    /// A name matches more than one record; the candidates are listed.
    case ambiguous(field: String, reference: String, candidates: [String])
    /// The record changed since the version the caller read.
    case versionConflict(noun: String, id: Int, expected: Int, current: Int)
    /// The record is in a state that does not allow the action (acking a pending reminder).
    case wrongState(noun: String, id: Int, state: String, action: String)
    /// The caller's role may not do this; the text says what.
    case denied(String)
    /// The register already has this record: `existing` names it (`city 3 Utena, LT`).
    /// `bypass` says how to add it anyway, nil when a second one is never allowed.
    case duplicate(noun: String, existing: String, bypass: String?)
    /// Other records (`by`: their noun, `agreement`) still name this one, so it cannot go.
    case stillReferenced(noun: String, id: String?, by: String)
    /// The register's rules refuse a value (a constraint the domain did not check first).
    case rejected(noun: String, field: String?, rule: String)

    public var description: String { description(in: .en) }

    /// What a user reads, in `language` where the catalogues have it (`store.*`).
    public func description(in language: Language) -> String {
        func noun(_ key: String) -> String { Catalogue.text("noun.\(key)", language) }
        switch self {
        case .notFound(let name, let reference, let suggestion):
            return suggestion.map { Catalogue.text("store.not-found-suggesting", language, ["noun": noun(name), "reference": reference, "suggestion": $0]) }
                ?? Catalogue.text("store.not-found", language, ["noun": noun(name), "reference": reference])
        case .ambiguous(let field, let reference, let candidates):
            return "\(field) '\(reference)' matches several: \(candidates.joined(separator: "; ")); use the id"
        case .versionConflict(let name, let id, let expected, let current):
            return Catalogue.text("store.version-conflict", language, [
                "noun": noun(name), "id": String(id), "expected": String(expected), "current": String(current),
            ])
        case .wrongState(let noun, let id, let state, let action):
            return "\(noun) \(id) is \(state); it cannot be \(action)"
        case .denied(let reason):
            return reason
        case .duplicate(let name, let existing, let bypass):
            return Catalogue.text("store.duplicate", language, ["noun": noun(name), "existing": existing]) + (bypass.map { "; \($0)" } ?? "")
        case .stillReferenced(let name, let id, let records):
            return Catalogue.text("store.still-referenced", language, ["noun": noun(name), "id": id.map { " \($0)" } ?? "", "by": Catalogue.text("nouns.\(records)", language)])
        case .rejected(let noun, let field, let rule):
            return "\(field ?? noun) \(rule)"
        }
    }
}
