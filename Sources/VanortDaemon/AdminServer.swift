import Foundation
import Logging
import NIOCore
import NIOExtras
import NIOPosix
import NIOSSL
import Synchronization
import VanortDomain
import VanortProtocol
import VanortReminders

/// The admin socket: accepts sessions on a Unix domain socket (and, when configured, a
/// TCP+TLS listener) and serves each one line by line through the `CommandRouter`, as
/// `docs/protocol.md` and `docs/access.md` describe.
public final class AdminServer: Sendable {
    public typealias SessionChannel = NIOAsyncChannel<ByteBuffer, ByteBuffer>
    public typealias ListeningChannel = NIOAsyncChannel<SessionChannel, Never>

    /// Why the socket could not be opened.
    public struct BindError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String { "admin socket \(path): \(reason)" }
    }

    let router: CommandRouter
    let registry = SessionRegistry()
    private let limits: Mutex<SessionLimits>
    let logger: Logger
    private let group: any EventLoopGroup
    /// Where `reminder watch` sessions get their reminders; nil: no watching.
    private let broadcast: ReminderBroadcast?
    /// Who each session is.
    let gate: SessionGate

    /// How a session reached the daemon, which decides how it is authenticated.
    enum Transport: Sendable {
        /// The Unix socket: the peer's uid.
        case unix
        /// The TCP+TLS listener: a token, from the peer at this address.
        case tcp(peer: String)
    }

    /// Parsed requests buffered per session before the daemon stops reading its socket;
    /// with one socket read on top, this bounds what a pipelining client can queue.
    static let bufferedRequests = NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark(lowWatermark: 8, highWatermark: 32)

    /// Failed `AUTH` attempts before a TCP session is closed.
    static let maxAuthFailures = 5

    public init(
        router: CommandRouter, gate: SessionGate, limits: SessionLimits, group: any EventLoopGroup, logger: Logger,
        broadcast: ReminderBroadcast? = nil
    ) {
        self.router = router
        self.gate = gate
        self.limits = Mutex(limits)
        self.group = group
        self.logger = logger
        self.broadcast = broadcast
    }

    /// Sessions open right now.
    public var connectionCount: Int { registry.count }

    /// New limits for sessions opened from now on.
    public func update(limits: SessionLimits) {
        self.limits.withLock { $0 = limits }
    }

    /// Opens the socket at `path` (mode 0660, directory 0750 when created). A stale socket
    /// file is replaced; a live daemon on the path is never displaced.
    public func bind(path: String) async throws -> ListeningChannel {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
        }
        if await isLive(path) {
            throw BindError(path: path, reason: "another vanortd is already listening there; stop it first or choose another --socket")
        }
        let current = limits.withLock { $0 }
        let channel: ListeningChannel
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                // A client that sends its requests and then shuts down its side still gets every reply.
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true) { child in
                    child.eventLoop.makeCompletedFuture {
                        try Self.configure(child, limits: current, tls: nil)
                    }
                }
        } catch {
            throw BindError(path: path, reason: "cannot listen (\(error))")
        }
        guard chmod(path, 0o660) == 0 else {
            throw BindError(path: path, reason: "cannot set mode 0660 (errno \(errno))")
        }
        return channel
    }

    /// Opens the TCP listener at `host:port`; every session on it speaks TLS first.
    public func bind(host: String, port: Int, tls: NIOSSLContext) async throws -> ListeningChannel {
        let current = limits.withLock { $0 }
        do {
            return try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.allowRemoteHalfClosure, value: true)
                .bind(host: host, port: port) { child in
                    child.eventLoop.makeCompletedFuture {
                        try Self.configure(child, limits: current, tls: tls)
                    }
                }
        } catch {
            throw BindError(path: "\(host):\(port)", reason: "cannot listen (\(error))")
        }
    }

    /// The pipeline of one session: TLS (on TCP), idle timeout, line framing with a size bound.
    private static func configure(_ channel: any Channel, limits: SessionLimits, tls: NIOSSLContext?) throws -> SessionChannel {
        let pipeline = channel.pipeline.syncOperations
        if let tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls)) }
        try pipeline.addHandler(IdleStateHandler(readTimeout: .seconds(Int64(limits.idleTimeoutSeconds))), name: Self.idleHandlerName)
        try pipeline.addHandler(IdleCloseHandler())
        // Room for the CR of a CRLF; a longer unterminated line is PayloadTooLargeError.
        try pipeline.addHandler(ByteToMessageHandler(LineBasedFrameDecoder(), maximumBufferSize: limits.maxLineBytes + 1))
        return try SessionChannel(
            wrappingChannelSynchronously: channel, configuration: .init(backPressureStrategy: bufferedRequests))
    }

    /// Removed while a session watches reminders: a watcher only listens.
    private static let idleHandlerName = "idle"

    /// True when something accepts connections at `path`.
    private func isLive(_ path: String) async -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        do {
            let channel = try await ClientBootstrap(group: group).connect(unixDomainSocketPath: path).get()
            try? await channel.close()
            return true
        } catch {
            return false
        }
    }

    /// Serves sessions until the listening channel is closed, then lets in-flight
    /// commands finish and returns when every session has ended.
    public func run(_ listener: ListeningChannel) async {
        let isTCP = listener.channel.localAddress?.protocol != .unix
        await withDiscardingTaskGroup { group in
            do {
                try await listener.executeThenClose { inbound in
                    for try await session in inbound {
                        let transport = isTCP ? Transport.tcp(peer: session.channel.remoteAddress?.description ?? "unknown") : .unix
                        group.addTask { await self.serve(session, transport: transport) }
                    }
                }
            } catch {
                logger.debug("listener ended", metadata: ["error": "\(error)"])
            }
            registry.beginShutdown()
        }
    }

    /// Closes every session now, even mid-command (after the shutdown grace period).
    public func closeAllSessions() {
        registry.closeAll()
    }

    private func serve(_ session: SessionChannel, transport: Transport) async {
        let limits = self.limits.withLock { $0 }
        do {
            try await session.executeThenClose { inbound, _ in
                // Every reply is awaited until it reached the socket: replies stay in order, a
                // reader that does not read stops this loop (back-pressure), and nothing queued
                // is lost when the session closes after QUIT or 413.
                func send(_ text: String) async throws {
                    try await session.channel.writeAndFlush(ByteBuffer(string: text)).get()
                }
                let id: Int
                switch registry.admit(session.channel, limit: limits.maxClients) {
                case .admitted(let admitted):
                    id = admitted
                case .busy:
                    try await send(ReplyEncoder.statusLine(.busy, "too many clients (\(limits.maxClients)); try again later"))
                    return
                case .shuttingDown:
                    return
                }
                defer { registry.remove(id) }
                var state = SessionState(maxLineBytes: limits.maxLineBytes, transport: transport)
                var deadline: Task<Void, Never>?
                switch transport {
                case .unix:
                    switch await admitPeer(session.channel) {
                    case .admitted(let principal):
                        state.principal = principal
                    case .refused(let reply):
                        try await send(ReplyEncoder.encode(reply, as: .text))
                        return
                    }
                case .tcp:
                    deadline = authenticationDeadline(session.channel, seconds: limits.handshakeTimeoutSeconds, format: state.chosenFormat)
                }
                let role = state.principal?.role.rawValue ?? "none"
                let greeting = "proto=\(ProtocolVersion.major) version=\(ProtocolVersion.software) role=\(role)"
                try await send(ReplyEncoder.statusLine(.ok, greeting, keyword: "VANORT"))
                var ending = "client closed"
                var watcher: Task<Void, Never>?
                defer {
                    deadline?.cancel()
                    watcher?.cancel()
                    logger.debug("session closed", metadata: ["session": "\(id)", "reason": "\(ending)", "commands": "\(state.commands)"])
                }
                do {
                    for try await line in inbound {
                        if let streaming = watcher {
                            // While watching, the client's only say is QUIT.
                            guard String(buffer: line).trimmingCharacters(in: .whitespaces).uppercased() == "QUIT" else { continue }
                            streaming.cancel()
                            await streaming.value
                            watcher = nil
                            try await send(ReplyEncoder.encode(.bye, as: state.format))
                            ending = "quit while watching"
                            break
                        }
                        guard registry.beginCommand(id) else {
                            ending = "shutdown"
                            break
                        }
                        state.commands += 1
                        if let broadcast, let format = watchRequest(line, state: state) {
                            try? await session.channel.pipeline.removeHandler(name: Self.idleHandlerName).get()
                            try await send(ReplyEncoder.encode(Reply(.stream, "reminders follow as they fire; QUIT ends"), as: format))
                            watcher = watch(broadcast, on: session.channel, format: format)
                            if registry.endCommand(id) {
                                ending = "shutdown"
                                break
                            }
                            continue
                        }
                        let answer = await respond(to: line, state: &state)
                        if state.principal != nil, let pending = deadline {
                            pending.cancel()
                            deadline = nil
                        }
                        if !answer.text.isEmpty { try await send(answer.text) }
                        if registry.endCommand(id) {
                            ending = "shutdown"
                            break
                        }
                        if answer.close {
                            ending = "closed after reply"
                            break
                        }
                    }
                } catch is ByteToMessageDecoderError.PayloadTooLargeError {
                    ending = "line too long"
                    let reply = Reply(.tooLong, "request line longer than \(limits.maxLineBytes) bytes; closing")
                    try await send(ReplyEncoder.encode(reply, as: state.format))
                }
            }
        } catch {
            logger.debug("session ended", metadata: ["error": "\(error)"])
        }
    }

    /// The reply format if `line` is `reminder watch` from a session allowed to watch
    /// (with its own format option, if any).
    private func watchRequest(_ line: ByteBuffer, state: SessionState) -> ReplyFormat? {
        guard state.pending == nil, let principal = state.principal, let request = try? RequestParser.parse(line.readableBytesView),
            request.words.map({ $0.lowercased() }) == ["reminder", "watch"], router.permits(["reminder", "watch"], principal)
        else { return nil }
        guard let value = request.option("format") else { return state.format }
        return ReplyFormat(rawValue: value)
    }

    /// Writes each reminder as it fires to a watching session, one line each, until cancelled
    /// or the session closes.
    private func watch(_ broadcast: ReminderBroadcast, on channel: any Channel, format: ReplyFormat) -> Task<Void, Never> {
        let stream = broadcast.subscribe()
        return Task {
            for await reminder in stream {
                let line = format == .json ? ReminderPayload.json(reminder) : ReminderPayload.line(reminder)
                do {
                    try await channel.writeAndFlush(ByteBuffer(string: line + "\n")).get()
                } catch {
                    return
                }
            }
        }
    }

    /// The session's reply format, readable by the authentication deadline's task.
    final class ChosenFormat: Sendable {
        private let format = Mutex(ReplyFormat.text)
        var value: ReplyFormat {
            get { format.withLock { $0 } }
            set { format.withLock { $0 = newValue } }
        }
    }

    /// What one session remembers between requests.
    struct SessionState {
        var format = ReplyFormat.text {
            didSet { chosenFormat.value = format }
        }
        let chosenFormat = ChosenFormat()
        let maxLineBytes: Int
        let transport: Transport
        /// Who the session is; nil on TCP until `AUTH` succeeds.
        var principal: Principal?
        var authFailures = 0
        var commands = 0
        /// A multi-line request still reading its record lines.
        var pending: PendingBody?
    }

    /// The record lines of `import NOUN rows=N` read so far.
    struct PendingBody {
        var request: Request
        var format: ReplyFormat
        var remaining: Int
        var errors: [String] = []
    }

    /// The most record lines one multi-line request may carry.
    static let maxBodyLines = 5000

    /// The reply to one line, and whether the session closes after it.
    func respond(to line: ByteBuffer, state: inout SessionState) async -> (text: String, close: Bool) {
        if line.readableBytes > state.maxLineBytes {
            let reply = Reply(.tooLong, "request line longer than \(state.maxLineBytes) bytes; closing")
            return (ReplyEncoder.encode(reply, as: state.format), true)
        }
        if var pending = state.pending {
            // A record line of a multi-line request: options only.
            do {
                let record = try RequestParser.parse(line.readableBytesView)
                if let word = record.words.first {
                    pending.errors.append("record \(pending.request.body.count + 1): unexpected word '\(word)' (write key=value pairs)")
                }
                pending.request.body.append(record.options)
            } catch {
                pending.errors.append("record \(pending.request.body.count + 1): \(error)")
                pending.request.body.append([])
            }
            pending.remaining -= 1
            guard pending.remaining == 0 else {
                state.pending = pending
                return ("", false)
            }
            state.pending = nil
            guard pending.errors.isEmpty else {
                let reply = Reply(.syntax, "nothing imported; " + pending.errors.prefix(20).joined(separator: "; "))
                return (ReplyEncoder.encode(reply, as: pending.format), false)
            }
            guard let principal = state.principal else { return (ReplyEncoder.encode(Self.authFirst, as: pending.format), false) }
            return (ReplyEncoder.encode(await router.route(pending.request, as: principal), as: pending.format), false)
        }
        let request: Request
        do {
            request = try RequestParser.parse(line.readableBytesView)
        } catch {
            return (ReplyEncoder.encode(Reply(.syntax, error.description), as: state.format), false)
        }
        var format = state.format
        if let value = request.option("format") {
            guard let requested = ReplyFormat(rawValue: value) else {
                return (ReplyEncoder.encode(Reply(.syntax, "format must be text or json, not '\(value)'"), as: state.format), false)
            }
            format = requested
        }
        let first = request.words.first?.uppercased()
        if state.principal == nil, first != nil, !["HELLO", "AUTH", "QUIT"].contains(first) {
            return (ReplyEncoder.encode(Self.authFirst, as: format), false)
        }
        switch first {
        case nil:
            return (ReplyEncoder.encode(Reply(.syntax, "empty request; HELP lists the commands"), as: format), false)
        case "AUTH":
            return await authenticate(request, state: &state, format: format)
        case "HELLO":
            guard request.words.count == 2, let major = request.words[1].split(separator: ".").first.flatMap({ Int($0) }) else {
                return (ReplyEncoder.encode(Reply(.syntax, "usage: HELLO 1 [format=json]"), as: format), false)
            }
            guard major == ProtocolVersion.major else {
                return (ReplyEncoder.encode(Reply(.noProtocol, "supported=\(ProtocolVersion.major)"), as: format), true)
            }
            state.format = format
            return (ReplyEncoder.encode(Reply(.ok, "proto=\(ProtocolVersion.major) format=\(format.rawValue)"), as: format), false)
        case "QUIT":
            return (ReplyEncoder.encode(.bye, as: format), true)
        case "IMPORT" where request.option("rows") != nil:
            guard let rows = request.option("rows").flatMap({ Int($0) }), (1...Self.maxBodyLines).contains(rows) else {
                return (ReplyEncoder.encode(Reply(.syntax, "rows must be a whole number from 1 to \(Self.maxBodyLines)"), as: format), false)
            }
            var header = request
            header.options.removeAll { $0.key == "rows" || $0.key == "format" }
            state.pending = PendingBody(request: header, format: format, remaining: rows)
            return ("", false)
        default:
            guard let principal = state.principal else { return (ReplyEncoder.encode(Self.authFirst, as: format), false) }
            return (ReplyEncoder.encode(await router.route(request, as: principal), as: format), false)
        }
    }
}
