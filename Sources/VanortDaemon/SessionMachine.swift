import Foundation
import VanortDomain
import VanortProtocol

/// One admin session as plain state: what the client has said so far and what the daemon
/// does next, as `docs/protocol.md` describes (greeting, `HELLO`, `AUTH` gating and its
/// deadline, reply formats, `QUIT`, multi-line `import`, `reminder watch`).
///
/// It reads events (the session opened, a line arrived, the token check answered, the
/// deadline passed) and returns `Action`s; `AdminServer` carries them out on the socket and
/// the command router. No I/O and no clock here, so every transition is tested in-process
/// (`SessionMachineTests`), the bad-input ones included.
struct SessionMachine: Sendable {
    /// What the server does next, in order.
    enum Action: Equatable, Sendable {
        /// Write this encoded text.
        case send(String)
        /// Write this encoded text, then close the session.
        case sendAndClose(String)
        /// Run the request through the command router and send its reply in this format.
        case route(Request, Principal, ReplyFormat)
        /// Ask the token authority about this token; answer with `tokenAccepted`,
        /// `tokenRefused` or `tokenCheckFailed`.
        case verifyToken(String)
        /// Close the session if nobody authenticated within this many seconds (`deadlinePassed`).
        case armDeadline(seconds: Int)
        /// The deadline is no longer needed.
        case cancelDeadline
        /// Wait this long before going on (a wrong token is answered late).
        case pause(milliseconds: Int)
        /// Record this in the audit log.
        case audit(actor: String, command: String, reply: Reply)
        /// Stream fired reminders in this format until the client says QUIT.
        case startWatching(ReplyFormat)
        /// Stop streaming, then write this text and close.
        case stopWatching(String)
    }

    /// How the session reached the daemon.
    enum Transport: Equatable, Sendable {
        /// The Unix socket: authenticated by the peer's uid before the first line.
        case unix
        /// The TCP+TLS listener: a token with `AUTH`, from the peer at this address.
        case tcp(peer: String)
    }

    /// The limits a session is held to, fixed when it opens.
    struct Limits: Sendable {
        var maxLineBytes: Int
        var handshakeTimeoutSeconds: Int
    }

    /// Failed `AUTH` attempts before a TCP session is closed.
    static let maxAuthFailures = 5
    /// The most record lines one multi-line request may carry.
    static let maxBodyLines = 5000

    let transport: Transport
    let limits: Limits
    /// Who may run `reminder watch`; empty when this daemon has nothing to stream.
    let watchRoles: Set<Role>
    /// The format replies are written in until a request asks for another.
    private(set) var format = ReplyFormat.text
    /// Who the session is; nil on TCP until `AUTH` succeeds.
    private(set) var principal: Principal?
    private(set) var authFailures = 0
    /// Requests answered so far (for the log).
    private(set) var commands = 0
    /// A multi-line request still reading its record lines.
    private var pending: PendingBody?
    /// True while reminders stream to this session.
    private(set) var isWatching = false
    /// An `AUTH` is being checked; its reply format.
    private var verifying: ReplyFormat?

    /// The lines that follow a request: the records of `import NOUN rows=N`, or the pieces
    /// of long values of a request with `continued=N`, read so far.
    private struct PendingBody: Sendable {
        var request: Request
        var format: ReplyFormat
        var remaining: Int
        var errors: [String] = []
        /// True for `continued=N`: each line's values are appended to the request's own.
        var joinsValues = false
        /// Lines read so far.
        var read = 0
    }

    /// The most pieces one value may come in (`continued=N`): 256 lines of 4 KiB, 1 MiB.
    static let maxContinuationLines = 256

    init(transport: Transport, limits: Limits, watchRoles: Set<Role> = []) {
        self.transport = transport
        self.limits = limits
        self.watchRoles = watchRoles
    }

    static let authFirst = Reply(.auth, "authenticate first: AUTH <token> (only HELLO, AUTH and QUIT before it)")

    /// The session is open: `principal` is the Unix peer's (nil on TCP, which must `AUTH`).
    mutating func opened(as principal: Principal?) -> [Action] {
        self.principal = principal
        let role = principal?.role.rawValue ?? "none"
        let greeting = ReplyEncoder.statusLine(.ok, "proto=\(ProtocolVersion.major) version=\(ProtocolVersion.software) role=\(role)", keyword: "VANORT")
        guard case .tcp = transport, principal == nil else { return [.send(greeting)] }
        return [.armDeadline(seconds: limits.handshakeTimeoutSeconds), .send(greeting)]
    }

    /// The line framer found a line longer than the limit.
    func lineTooLong() -> [Action] {
        [.sendAndClose(encode(Reply(.tooLong, "request line longer than \(limits.maxLineBytes) bytes; closing"), format))]
    }

    /// The authentication deadline passed: closes a session that is still anonymous.
    func deadlinePassed() -> [Action] {
        guard principal == nil else { return [] }
        return [.sendAndClose(encode(Reply(.auth, "no AUTH within \(limits.handshakeTimeoutSeconds) s; closing"), format))]
    }

    /// One line from the client, without its LF.
    mutating func received(_ line: some Collection<UInt8>) -> [Action] {
        if isWatching { return watching(line) }
        commands += 1
        if line.count > limits.maxLineBytes { return lineTooLong() }
        if pending != nil { return record(line) }
        let request: Request
        do {
            request = try RequestParser.parse(line)
        } catch {
            return [.send(encode(Reply(.syntax, error.description), format))]
        }
        var format = self.format
        if let value = request.option("format") {
            guard let requested = ReplyFormat(rawValue: value) else {
                return [.send(encode(Reply(.syntax, "format must be text or json, not '\(value)'"), format))]
            }
            format = requested
        }
        let first = request.words.first?.uppercased()
        if principal == nil, first != nil, !["HELLO", "AUTH", "QUIT"].contains(first) {
            return [.send(encode(Self.authFirst, format))]
        }
        switch first {
        case nil:
            return [.send(encode(Reply(.syntax, "empty request; HELP lists the commands"), format))]
        case "AUTH":
            return authenticate(request, format: format)
        case "HELLO":
            guard request.words.count == 2, let major = request.words[1].split(separator: ".").first.flatMap({ Int($0) }) else {
                return [.send(encode(Reply(.syntax, "usage: HELLO 1 [format=json]"), format))]
            }
            guard major == ProtocolVersion.major else {
                return [.sendAndClose(encode(Reply(.noProtocol, "supported=\(ProtocolVersion.major)"), format))]
            }
            self.format = format
            return [.send(encode(Reply(.ok, "proto=\(ProtocolVersion.major) format=\(format.rawValue)"), format))]
        case "QUIT":
            return [.sendAndClose(encode(.bye, format))]
        case _ where request.option("continued") != nil:
            guard let count = request.option("continued").flatMap({ Int($0) }), (1...Self.maxContinuationLines).contains(count) else {
                return [.send(encode(Reply(.syntax, "continued must be a whole number from 1 to \(Self.maxContinuationLines)"), format))]
            }
            var header = request
            header.options.removeAll { $0.key == "continued" }
            pending = PendingBody(request: header, format: format, remaining: count, joinsValues: true)
            return []
        case "IMPORT" where request.option("rows") != nil:
            guard let rows = request.option("rows").flatMap({ Int($0) }), (1...Self.maxBodyLines).contains(rows) else {
                return [.send(encode(Reply(.syntax, "rows must be a whole number from 1 to \(Self.maxBodyLines)"), format))]
            }
            var header = request
            header.options.removeAll { $0.key == "rows" || $0.key == "format" }
            pending = PendingBody(request: header, format: format, remaining: rows)
            return []
        default:
            guard let principal else { return [.send(encode(Self.authFirst, format))] }
            if request.words.map({ $0.lowercased() }) == ["reminder", "watch"], watchRoles.contains(principal.role) {
                isWatching = true
                return [.send(encode(Reply(.stream, "reminders follow as they fire; QUIT ends"), format)), .startWatching(format)]
            }
            return [.route(request, principal, format)]
        }
    }

    /// While reminders stream the client's only say is QUIT; anything else is ignored.
    private mutating func watching(_ line: some Collection<UInt8>) -> [Action] {
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespaces)
        guard text.uppercased() == "QUIT" else { return [] }
        isWatching = false
        return [.stopWatching(encode(.bye, format))]
    }

    /// A record line of a multi-line request: options only. The request is routed once its
    /// last line arrived, and only if every line parsed.
    private mutating func record(_ line: some Collection<UInt8>) -> [Action] {
        guard var body = pending else { return [] }
        body.read += 1
        let what = body.joinsValues ? "continuation line" : "record"
        do {
            let record = try RequestParser.parse(line)
            if let word = record.words.first {
                body.errors.append("\(what) \(body.read): unexpected word '\(word)' (write key=value pairs)")
            }
            if body.joinsValues {
                for (key, value) in record.options {
                    if let index = body.request.options.firstIndex(where: { $0.key == key }) {
                        body.request.options[index].value += value
                    } else {
                        body.request.options.append((key, value))
                    }
                }
            } else {
                body.request.body.append(record.options)
            }
        } catch {
            body.errors.append("\(what) \(body.read): \(error)")
            if !body.joinsValues { body.request.body.append([]) }
        }
        body.remaining -= 1
        guard body.remaining == 0 else {
            pending = body
            return []
        }
        pending = nil
        guard body.errors.isEmpty else {
            let nothing = body.joinsValues ? "nothing done" : "nothing imported"
            return [.send(encode(Reply(.syntax, "\(nothing); " + body.errors.prefix(20).joined(separator: "; ")), body.format))]
        }
        guard let principal else { return [.send(encode(Self.authFirst, body.format))] }
        return [.route(body.request, principal, body.format)]
    }

    /// `AUTH <token>`: only on TCP, only once, one word.
    private mutating func authenticate(_ request: Request, format: ReplyFormat) -> [Action] {
        guard case .tcp = transport else {
            return [.send(encode(Reply(.syntax, "AUTH is for the TCP listener; this Unix session is already authenticated by its uid"), format))]
        }
        guard principal == nil else { return [.send(encode(Reply(.syntax, "this session is already authenticated"), format))] }
        guard request.words.count == 2, request.options.isEmpty else {
            return [.send(encode(Reply(.syntax, "usage: AUTH <token>"), format))]
        }
        verifying = format
        return [.verifyToken(request.words[1])]
    }

    /// The token authority accepted the token.
    mutating func tokenAccepted(_ principal: Principal) -> [Action] {
        let format = verifying ?? self.format
        verifying = nil
        self.principal = principal
        return [.cancelDeadline, .send(encode(Reply(.ok, "role=\(principal.role.rawValue)"), format))]
    }

    /// The token authority refused the token: answered late (0.25 s, 0.5 s, 1 s, then 2 s
    /// per failure on this session), audited, and the fifth failure closes the session.
    mutating func tokenRefused() -> [Action] {
        let format = verifying ?? self.format
        verifying = nil
        authFailures += 1
        let closing = authFailures >= Self.maxAuthFailures
        let reply = Reply(.auth, closing ? "token not accepted; too many attempts, closing" : "token not accepted")
        let peer = if case .tcp(let peer) = transport { peer } else { "unix" }
        let text = encode(reply, format)
        return [
            .pause(milliseconds: 250 << min(authFailures - 1, 3)),
            .audit(actor: peer, command: "AUTH ***", reply: reply),
            closing ? .sendAndClose(text) : .send(text),
        ]
    }

    /// The token could not be checked (the database is down): `reply` says so.
    mutating func tokenCheckFailed(_ reply: Reply) -> [Action] {
        let format = verifying ?? self.format
        verifying = nil
        return [.send(encode(reply, format))]
    }

    private func encode(_ reply: Reply, _ format: ReplyFormat) -> String {
        ReplyEncoder.encode(reply, as: format)
    }
}
