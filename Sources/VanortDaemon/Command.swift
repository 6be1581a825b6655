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
    /// True when it changes data: every attempt is written to the audit log.
    public let changesData: Bool
    /// One line for `HELP`.
    public let summary: String
    public let handler: @Sendable (Request, Principal) async throws -> Reply

    public init(
        _ words: [String], options: Set<String> = [], arguments: ClosedRange<Int> = 0...0, roles: Set<Role>,
        changesData: Bool = false, summary: String, handler: @escaping @Sendable (Request, Principal) async throws -> Reply
    ) {
        self.words = words
        self.options = options
        self.arguments = arguments
        self.roles = roles
        self.changesData = changesData
        self.summary = summary
        self.handler = handler
    }

    /// A command whose work does not depend on who asks.
    public init(
        _ words: [String], options: Set<String> = [], arguments: ClosedRange<Int> = 0...0, roles: Set<Role>,
        changesData: Bool = false, summary: String, handler: @escaping @Sendable (Request) async throws -> Reply
    ) {
        self.init(words, options: options, arguments: arguments, roles: roles, changesData: changesData, summary: summary) {
            request, _ in try await handler(request)
        }
    }

    /// A command `CommandCatalog` declares: its options, arity and summary come from there.
    /// Words the catalog does not have take no options (a test keeps every one declared).
    public init(
        declared words: [String], roles: Set<Role>, changesData: Bool = false,
        handler: @escaping @Sendable (Request, Principal) async throws -> Reply
    ) {
        let spec = CommandCatalog.spec(words)
        self.init(
            words, options: spec?.options ?? [], arguments: spec?.arguments ?? 0...0, roles: roles, changesData: changesData,
            summary: spec?.summary ?? "", handler: handler)
    }

    /// A declared command whose work does not depend on who asks.
    public init(declared words: [String], roles: Set<Role>, changesData: Bool = false, handler: @escaping @Sendable (Request) async throws -> Reply) {
        self.init(declared: words, roles: roles, changesData: changesData) { request, _ in try await handler(request) }
    }

    /// The command's words as typed: `city add`.
    public var name: String { words.joined(separator: " ") }
}
