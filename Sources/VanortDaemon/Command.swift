import VanortDomain
import VanortProtocol

/// One command of the admin protocol: the words that name it, who may run it and what it does.
public struct Command: Sendable {
    /// The words that select it, lower-case: `["ping"]`, `["city", "add"]`.
    public let words: [String]
    /// The option keys it accepts; anything else is a `400`.
    public let options: Set<String>
    /// How many positional arguments follow the command words.
    public let arguments: ClosedRange<Int>
    /// The roles that may run it; everyone else gets `403` (and an audit entry).
    public let roles: Set<Role>
    /// For a command that changes data, the status it answers when it did: every attempt
    /// is written to the audit log, a change's entry in the change's own transaction with
    /// this status (the router logs an error should a reply ever say otherwise, and
    /// `AuditTests` checks every changing command against its replies). Nil: it changes nothing.
    public let changes: Status?
    /// Whether pipelined requests of it may commit together with their neighbours (each in a
    /// savepoint of one transaction, `CommitGroup`): true for a write whose whole work is
    /// one transaction of the database and nothing outside it (no mail, no file, no token
    /// shown before it commits), so holding its reply until the group commits changes nothing
    /// but the number of WAL flushes.
    public let sharesCommit: Bool
    /// One line for `HELP`.
    public let summary: String
    public let handler: @Sendable (Request, Principal) async throws -> Reply

    public init(
        _ words: [String], options: Set<String> = [], arguments: ClosedRange<Int> = 0...0, roles: Set<Role>,
        changes: Status? = nil, sharesCommit: Bool = false, summary: String,
        handler: @escaping @Sendable (Request, Principal) async throws -> Reply
    ) {
        self.words = words
        self.sharesCommit = sharesCommit
        self.options = options
        self.arguments = arguments
        self.roles = roles
        self.changes = changes
        self.summary = summary
        self.handler = handler
    }

    /// A command whose work does not depend on who asks.
    public init(
        _ words: [String], options: Set<String> = [], arguments: ClosedRange<Int> = 0...0, roles: Set<Role>,
        changes: Status? = nil, sharesCommit: Bool = false, summary: String, handler: @escaping @Sendable (Request) async throws -> Reply
    ) {
        self.init(words, options: options, arguments: arguments, roles: roles, changes: changes, sharesCommit: sharesCommit, summary: summary) {
            request, _ in try await handler(request)
        }
    }

    /// A command `CommandCatalog` declares: its options, arity and summary come from there.
    /// Words the catalog does not have take no options (a test keeps every one declared).
    public init(
        declared words: [String], roles: Set<Role>, changes: Status? = nil, sharesCommit: Bool = false,
        handler: @escaping @Sendable (Request, Principal) async throws -> Reply
    ) {
        let spec = CommandCatalog.spec(words)
        self.init(
            words, options: spec?.options ?? [], arguments: spec?.arguments ?? 0...0, roles: roles, changes: changes,
            sharesCommit: sharesCommit, summary: spec?.summary ?? "", handler: handler)
    }

    /// A declared command whose work does not depend on who asks.
    public init(
        declared words: [String], roles: Set<Role>, changes: Status? = nil, sharesCommit: Bool = false,
        handler: @escaping @Sendable (Request) async throws -> Reply
    ) {
        self.init(declared: words, roles: roles, changes: changes, sharesCommit: sharesCommit) { request, _ in try await handler(request) }
    }

    /// The command's words as typed: `city add`.
    public var name: String { words.joined(separator: " ") }
}
