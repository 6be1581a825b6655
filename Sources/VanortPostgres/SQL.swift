/// A parameterised SQL statement.
///
/// Its text can only come from string literals in the source (or `unsafeRaw`,
/// named so a reviewer sees it); values travel separately as `$n` parameters.
/// That makes splicing a user's value into SQL text impossible by construction.
public struct SQL: Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public private(set) var text: String
    public private(set) var bindings: [String?]
    /// Planned afresh for each run's values, never kept prepared (see `plannedForEachRun()`).
    public private(set) var isPlannedForEachRun = false

    public init(stringLiteral value: StaticString) {
        self.text = value.description
        self.bindings = []
    }

    private init(text: String, bindings: [String?]) {
        self.text = text
        self.bindings = bindings
    }

    /// SQL text that is not a literal. Only for trusted text (migration files, generated
    /// identifiers from a fixed list); never for anything a user typed.
    public static func unsafeRaw(_ text: String) -> SQL {
        SQL(text: text, bindings: [])
    }

    /// A double-quoted identifier (`"decision_due"`), its quotes doubled as PostgreSQL's
    /// quote_ident does: whatever `name` holds, it stays one identifier. For names the
    /// source declares (a field's key as a reply column), not for values.
    public static func identifier(_ name: String) -> SQL {
        SQL(text: "\"" + name.replacing("\"", with: "\"\"") + "\"", bindings: [])
    }

    /// Appends a value as the next `$n` parameter and its placeholder to the text.
    public mutating func bind(_ value: (any PostgresEncodable)?) {
        bindings.append(value?.postgresText)
        text += "$\(bindings.count)"
    }

    /// Appends literal text.
    public mutating func append(_ other: SQL) {
        precondition(other.bindings.isEmpty, "append literal SQL only; use bind for values")
        text += other.text
    }

    /// A statement with its values bound in order to `$1`, `$2`, ….
    public init(_ literal: StaticString, _ values: (any PostgresEncodable)?...) {
        self.text = literal.description
        self.bindings = values.map { $0?.postgresText }
    }

    /// The same statement, planned for the values of each run instead of kept prepared with
    /// a plan PostgreSQL may make generic. For statements whose best plan depends on the
    /// values, such as `id = ANY($1)`: a generic plan for it read all of a million reminders.
    public func plannedForEachRun() -> SQL {
        var sql = self
        sql.isPlannedForEachRun = true
        return sql
    }

    public var description: String { text }
}
