import Foundation
import Logging
import VanortDomain
import VanortPostgres
import VanortProtocol
import VanortStore

/// Finds the command a request names, checks its shape and the caller's role, runs it,
/// audits it when it changes data or was denied, and turns every error into the reply
/// the contract promises. Never throws: a failed command leaves the session and the
/// daemon as they were.
public struct CommandRouter: Sendable {
    public let commands: [Command]
    let logger: Logger
    /// Where changes and denials are recorded; nil only in tests without a database.
    let audit: AuditTrail?
    /// Where outcomes are counted.
    let metrics: DaemonMetrics?
    /// The zone instants are shown in unless a request names one (`zone=`); UTC without one.
    let displayZone: DisplayZone?

    /// Options every command takes: the reply format and the viewer's zone.
    /// Options any request may carry: its reply format, the viewer's zone and language.
    static let sessionOptions: Set<String> = ["format", "zone", "lang"]

    /// The commands by their first word, so finding a request's command looks at a few.
    private let commandsByFirstWord: [String: [Command]]
    /// Where a session's pipelined writes commit together (`CommitGroup`); nil: each alone.
    let database: PostgresPool?

    init(
        commands: [Command], logger: Logger, audit: AuditTrail?, metrics: DaemonMetrics? = nil, displayZone: DisplayZone? = nil,
        database: PostgresPool? = nil
    ) {
        self.database = database
        self.commands = commands
        self.commandsByFirstWord = Dictionary(grouping: commands) { $0.words.first ?? "" }
        self.logger = logger
        self.audit = audit
        self.metrics = metrics
        self.displayZone = displayZone
    }

    /// The request's arguments: the words after the command's own words.
    public static func arguments(of request: Request, for command: Command) -> [String] {
        Array(request.words.dropFirst(command.words.count))
    }

    /// The roles that may run the command named by `words` (none when there is no such command).
    func roles(of words: [String]) -> Set<Role> {
        commands.first { $0.words == words }?.roles ?? []
    }

    /// The reply to `request` from `principal`, its instants written in the viewer's zone.
    public func route(_ request: Request, as principal: Principal) async -> Reply {
        let reply = await localisedAnswer(request, as: principal)
        metrics?.commandFinished(reply)
        return reply
    }

    /// The answer with its instants written in the viewer's zone, not yet counted.
    private func localisedAnswer(_ request: Request, as principal: Principal) async -> Reply {
        var reply = await answer(request, as: principal)
        if var table = reply.table, table.rows.contains(where: { $0.contains { if case .instant = $0 { true } else { false } } }) {
            // The viewer's zone, else the one the request's times were typed in, else the home municipality's.
            let named = (request.option("zone") ?? request.option("timezone")).flatMap(LocalTime.zone(named:))
            let zone = if let named { named } else { await displayZone?.current() ?? .gmt }
            table.rows = table.rows.map { $0.map { $0.localised(to: zone) } }
            reply.table = table
        }
        return reply
    }

    /// The command `request` names: the longest whose words start it (`city add` over `city`).
    private func command(for request: Request) -> Command? {
        let words = request.words.map { $0.lowercased() }
        return (commandsByFirstWord[words.first ?? ""] ?? [])
            .filter { words.starts(with: $0.words) }
            .max { $0.words.count < $1.words.count }
    }

    // MARK: Commit groups

    /// A member of a commit group as it was answered: who asked what, and the reply that
    /// stands once the group commits.
    typealias Answered = (request: Request, principal: Principal, reply: Reply)

    /// Whether `request` from `principal` may commit together with its pipelined neighbours:
    /// its command shares commits (`Command.sharesCommit`) and the role may run it (a denial
    /// answers, and is recorded, alone).
    func sharesCommit(_ request: Request, as principal: Principal) -> Bool {
        guard database != nil, let command = command(for: request) else { return false }
        return command.sharesCommit && command.roles.contains(principal.role)
    }

    /// A group for a session's next pipelined writes; nil without a database.
    func openCommitGroup() async -> CommitGroup? {
        await database?.openGroup()
    }

    /// The reply to one member of `group`, which is final (and counted) only once the group
    /// committed; without a group (no database) it committed alone.
    func route(_ request: Request, as principal: Principal, in group: CommitGroup?) async -> Reply {
        await CommitGroup.$current.withValue(group) { await localisedAnswer(request, as: principal) }
    }

    /// Commits `group` and returns its members' replies: as answered, or, when the commit
    /// failed, what the failure means for each write that had succeeded in it (its audit
    /// entry went with the group, so every member's outcome is then recorded on its own).
    func commit(_ group: CommitGroup?, answering members: [Answered]) async -> [Reply] {
        let replies = await outcomes(of: group, answering: members)
        for reply in replies { metrics?.commandFinished(reply) }
        return replies
    }

    private func outcomes(of group: CommitGroup?, answering members: [Answered]) async -> [Reply] {
        do {
            if let group { try await database?.commit(group) }
            return members.map(\.reply)
        } catch {
            var replies: [Reply] = []
            for member in members {
                let command = command(for: member.request)
                let reply = member.reply.status == command?.changes
                    ? self.reply(for: error, command: command?.name ?? "", language: member.request.language) : member.reply
                await audit?.record(
                    actor: member.principal.actor, role: member.principal.role, command: AuditTrail.redacted(member.request), reply: reply)
                replies.append(reply)
            }
            return replies
        }
    }

    /// Rolls back a group whose replies can no longer be sent (the session closed).
    func abandon(_ group: CommitGroup) async {
        await database?.abandon(group)
    }

    private func answer(_ request: Request, as principal: Principal) async -> Reply {
        let words = request.words.map { $0.lowercased() }
        guard let command = command(for: request) else {
            let known = Set(commands.compactMap(\.words.first))
            if let noun = words.first, known.contains(noun) {
                let verbs = commands.filter { $0.words.first == noun }.map { $0.words.dropFirst().joined(separator: " ") }
                return Reply(.syntax, "unknown command '\(request.words.prefix(2).joined(separator: " "))'; \(noun) takes: \(verbs.sorted().joined(separator: ", "))")
            }
            return Reply(.syntax, "unknown command '\(request.words.first ?? "")'; HELP lists the commands")
        }
        // Denied before anything else: a role learns nothing of a command's shape it may not run.
        guard command.roles.contains(principal.role) else {
            let reply = Reply(.denied, "the \(principal.role.rawValue) role may not run '\(command.name)'")
            await audit?.record(actor: principal.actor, role: principal.role, command: AuditTrail.redacted(request), reply: reply)
            return reply
        }
        let argumentCount = request.words.count - command.words.count
        guard command.arguments.contains(argumentCount) else {
            let expected = command.arguments.lowerBound == command.arguments.upperBound
                ? "\(command.arguments.lowerBound)" : "\(command.arguments.lowerBound) to \(command.arguments.upperBound)"
            return Reply(.syntax, "\(command.name) takes \(expected) argument(s), got \(argumentCount)")
        }
        if let lang = request.option("lang"), Language(rawValue: lang.lowercased()) == nil {
            return .invalid(field: "lang", "'\(lang)' must be sv (svenska) or en (English)")
        }
        if let zone = request.option("zone"), LocalTime.zone(named: zone) == nil {
            return .invalid(field: "zone", "'\(zone)' must be an IANA time zone such as Europe/Stockholm")
        }
        if let unknown = request.options.first(where: { !command.options.contains($0.key) && !Self.sessionOptions.contains($0.key) }) {
            let known = command.options.sorted().joined(separator: ", ")
            return Reply(.syntax, "\(command.name) has no option '\(unknown.key)'" + (known.isEmpty ? "" : " (options: \(known))"))
        }
        // A change's audit entry commits in the change's own transaction; what commits
        // nothing (a refusal, a failure, a denial) is recorded on its own afterwards.
        let redacted = AuditTrail.redacted(request)
        let note = command.changes.flatMap { status in audit?.note(actor: principal.actor, role: principal.role, command: redacted, succeeding: status) }
        let reply: Reply
        do {
            reply = try await CommitNote.$current.withValue(note) { try await command.handler(request, principal) }
        } catch {
            reply = self.reply(for: error, command: command.name, language: request.language)
        }
        if let note, note.isCommitted {
            if reply.status != command.changes {
                logger.error("audit entry committed with another status than the reply's",
                             metadata: ["command": "\(command.name)", "declared": "\(command.changes.map(\.rawValue) ?? 0)", "reply": "\(reply.status.rawValue)"])
            }
        } else if command.changes != nil || reply.status == .denied {
            await audit?.record(actor: principal.actor, role: principal.role, command: redacted, reply: reply)
        }
        return reply
    }

    /// The contract's answer to an error.
    func reply(for error: any Error, command: String, language: Language = .en) -> Reply {
        switch error {
        case let error as CommandError:
            return Reply(.syntax, error.message)
        case let error as any ReplyConvertible:
            return error.reply(in: language)
        case let error as PostgresError:
            switch error {
            case .connectionLost(let message):
                logger.warning("database unreachable", metadata: ["command": "\(command)", "error": "\(message)"])
                return Reply(.databaseDown, "the database is unreachable; nothing was written")
            default:
                // The stores tell a constraint's refusal as a `StoreError`; anything else the
                // server said is a fault of ours, for the log and not for the user.
                logger.error("command failed", metadata: ["command": "\(command)", "error": "\(error)"])
                return Reply(.internal, "internal error; see the daemon's log")
            }
        default:
            logger.error("command failed", metadata: ["command": "\(command)", "error": "\(error)"])
            return Reply(.internal, "internal error; see the daemon's log")
        }
    }
}

/// An error that knows its own reply (validation, not found, conflict).
public protocol ReplyConvertible: Error {
    var reply: Reply { get }
    /// The reply with its text in `language` where the error can say it so.
    func reply(in language: Language) -> Reply
}

extension ReplyConvertible {
    public func reply(in language: Language) -> Reply { reply }
}
