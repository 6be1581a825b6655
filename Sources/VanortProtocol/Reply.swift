/// One reply of the admin protocol: a status line, and for data replies a table.
public struct Reply: Sendable, Equatable {
    public static func == (a: Reply, b: Reply) -> Bool {
        a.status == b.status && a.message == b.message && a.field == b.field && a.table == b.table && a.keyword == b.keyword
            && a.fieldErrors.map(\.field) == b.fieldErrors.map(\.field) && a.fieldErrors.map(\.rule) == b.fieldErrors.map(\.rule)
    }

    public var status: Status
    /// Human text; for `INVALID` it names the field and the rule.
    public var message: String
    /// The field that failed validation (`422`), for programs.
    public var field: String?
    public var table: Table?
    /// A keyword other than the status's own, for the two 200 lines that have one
    /// (`200 VANORT` greeting, `200 BYE`).
    public var keyword: String?
    /// For `422`, what is wrong with each field, in the record's order (field, rule): what
    /// the web face ties to each form field. The socket says the same in `message`.
    public var fieldErrors: [(field: String, rule: String)] = []

    public init(_ status: Status, _ message: String = "", field: String? = nil, table: Table? = nil, keyword: String? = nil) {
        self.status = status
        self.keyword = keyword
        self.message = message
        self.field = field
        self.table = table
    }

    /// `210 ROWS` with the table.
    public static func rows(_ table: Table) -> Reply {
        Reply(.rows, "n=\(table.rows.count)", table: table)
    }

    /// The stable keyword of this reply.
    public var statusKeyword: String { keyword ?? status.keyword }

    /// `200 BYE`, the answer to `QUIT`.
    public static let bye = Reply(.ok, keyword: "BYE")

    /// `422 INVALID` naming the field.
    public static func invalid(field: String, _ message: String) -> Reply {
        Reply(.invalid, "\(field): \(message)", field: field)
    }
}
