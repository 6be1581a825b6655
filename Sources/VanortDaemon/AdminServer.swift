import Foundation
import Logging
import NIOCore
import NIOExtras
import NIOPosix
import NIOSSL
import Synchronization
import VanortDomain
import VanortPostgres
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

    /// Socket reads buffered per session before the daemon stops reading it (each at most
    /// `readBytes`): with the line being framed, this bounds what a pipelining client can
    /// queue in the daemon's memory (docs/protocol.md, "Pipelining").
    static let bufferedReads = NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark(lowWatermark: 1, highWatermark: 2)
    /// The largest socket read; NIO's adaptive allocator grows to this for busy sessions.
    static let readBytes = 4_096

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

    /// The pipeline of one session: TLS (on TCP), idle timeout, bounded reads. Lines are
    /// framed in the session's loop (`RequestLineDecoder`), as it asks for them.
    private static func configure(_ channel: any Channel, limits: SessionLimits, tls: NIOSSLContext?) throws -> SessionChannel {
        let pipeline = channel.pipeline.syncOperations
        if let tls { try pipeline.addHandler(NIOSSLServerHandler(context: tls)) }
        try pipeline.addHandler(IdleStateHandler(readTimeout: .seconds(Int64(limits.idleTimeoutSeconds))), name: Self.idleHandlerName)
        try pipeline.addHandler(IdleCloseHandler())
        try channel.syncOptions?.setOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: readBytes))
        return try SessionChannel(
            wrappingChannelSynchronously: channel, configuration: .init(backPressureStrategy: bufferedReads))
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
                        let transport = isTCP ? SessionMachine.Transport.tcp(peer: session.channel.remoteAddress?.description ?? "unknown") : .unix
                        group.addTask { await self.serve(session, transport: transport) }
                    }
                }
            } catch {
                logger.debug("listener ended", metadata: ["error": "\(error)"])
            }
            registry.beginShutdown()
        }
    }

    /// Begins shutdown without losing a connection: no new one is accepted (the socket file
    /// goes, the listeners stop reading), idle sessions close, busy ones after their reply,
    /// and the listeners close only once the last session has gone. Closing a listener
    /// while it may still hand over an accepted connection would drop that connection's
    /// channel unserved, which NIO traps (apple/swift-nio#3481), so it waits.
    public func beginShutdown(_ listeners: [ListeningChannel], socketPath: String) {
        try? FileManager.default.removeItem(atPath: socketPath)
        for listener in listeners {
            listener.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        }
        registry.beginShutdown { listeners.forEach { $0.channel.close(promise: nil) } }
    }

    /// Closes every session now, even mid-command (after the shutdown grace period).
    public func closeAllSessions() {
        registry.closeAll()
    }

    /// Serves one session: the `SessionMachine` decides, this carries out its actions.
    private func serve(_ session: SessionChannel, transport: SessionMachine.Transport) async {
        let limits = self.limits.withLock { $0 }
        do {
            try await session.executeThenClose { inbound, _ in
                let id: Int
                switch registry.admit(session.channel, limit: limits.maxClients) {
                case .admitted(let admitted):
                    id = admitted
                case .busy:
                    try await send(ReplyEncoder.statusLine(.busy, "too many clients (\(limits.maxClients)); try again later"), on: session.channel)
                    return
                case .shuttingDown:
                    return
                }
                defer { registry.remove(id) }
                var principal: Principal?
                if case .unix = transport {
                    switch await admitPeer(session.channel) {
                    case .admitted(let admitted):
                        principal = admitted
                    case .refused(let reply):
                        try await send(ReplyEncoder.encode(reply, as: .text), on: session.channel)
                        return
                    }
                }
                let watchRoles = broadcast == nil ? [] : router.roles(of: ["reminder", "watch"])
                let conversation = Conversation(SessionMachine(
                    transport: transport,
                    limits: .init(maxLineBytes: limits.maxLineBytes, handshakeTimeoutSeconds: limits.handshakeTimeoutSeconds),
                    watchRoles: watchRoles))
                var ending = "client closed"
                defer {
                    conversation.end()
                    logger.debug("session closed", metadata: ["session": "\(id)", "reason": "\(ending)", "commands": "\(conversation.commands)"])
                }
                if try await perform(conversation.step { $0.opened(as: principal) }, conversation, on: session.channel) {
                    return
                }
                // Pipelined writes waiting for their group's commit; their replies go out after it.
                var grouping = CommitGrouping(capacity: Self.groupedRequests)
                var pending: PendingCommits?
                do {
                    let batches = RequestBatches(base: inbound, decoder: RequestLineDecoder(maxLineBytes: limits.maxLineBytes))
                    session: for try await lines in batches {
                        for (index, line) in lines.enumerated() {
                            let watching = conversation.step { $0.isWatching }
                            let actions = conversation.step { $0.received(line.readableBytesView) }
                            var joining: (request: Request, principal: Principal, format: ReplyFormat)?
                            if actions.count == 1, case .route(let request, let principal, let format) = actions[0],
                               router.sharesCommit(request, as: principal)
                            {
                                joining = (request, principal, format)
                            }
                            for step in grouping.received(sharesCommit: joining != nil, moreReceived: index + 1 < lines.count) {
                                switch step {
                                case .open:
                                    guard registry.beginCommand(id) else {
                                        ending = "shutdown"
                                        break session
                                    }
                                    pending = PendingCommits(group: await router.openCommitGroup())
                                case .join:
                                    guard let member = joining else { continue }
                                    let reply = await router.route(member.request, as: member.principal, in: pending?.group)
                                    pending?.members.append(.init(request: member.request, principal: member.principal, reply: reply, format: member.format))
                                case .commit:
                                    if try await commit(&pending, on: session.channel, id: id) {
                                        ending = "shutdown"
                                        break session
                                    }
                                case .runAlone:
                                    if !watching {
                                        guard registry.beginCommand(id) else {
                                            ending = "shutdown"
                                            break session
                                        }
                                    }
                                    let closed = try await perform(actions, conversation, on: session.channel)
                                    if closed {
                                        ending = watching ? "quit while watching" : "closed after reply"
                                        break session
                                    }
                                    if !watching, registry.endCommand(id) {
                                        ending = "shutdown"
                                        break session
                                    }
                                }
                            }
                        }
                        if grouping.receivedAll() == [.commit], try await commit(&pending, on: session.channel, id: id) {
                            ending = "shutdown"
                            break session
                        }
                    }
                    _ = grouping.receivedAll()
                    _ = try await commit(&pending, on: session.channel, id: id)
                } catch is ByteToMessageDecoderError.PayloadTooLargeError {
                    ending = "line too long"
                    _ = grouping.receivedAll()
                    _ = try await commit(&pending, on: session.channel, id: id)
                    _ = try await perform(conversation.step { $0.lineTooLong() }, conversation, on: session.channel)
                } catch {
                    // The replies can no longer be sent: nothing of the group commits.
                    if let group = pending?.group { await router.abandon(group) }
                    throw error
                }
            }
        } catch {
            logger.debug("session ended", metadata: ["error": "\(error)"])
        }
    }

    /// Requests of one session that commit together, at most this many (`CommitGrouping`):
    /// each is a savepoint, and PostgreSQL keeps up to 64 of a transaction's
    /// subtransactions in shared memory before other sessions' snapshots must look them up
    /// on disk. Requests are also framed at most this many at a time (`RequestBatches`).
    static let groupedRequests = 32

    /// A session's open commit group (nil without a database: each member then committed
    /// alone) and its members, each with the format its reply goes in.
    private struct PendingCommits {
        struct Member {
            let request: Request
            let principal: Principal
            let reply: Reply
            let format: ReplyFormat
        }

        let group: CommitGroup?
        var members: [Member] = []
    }

    /// Commits the session's open group, if any, and sends its replies in one write; true
    /// when shutdown began meanwhile (the session is to close, its replies sent).
    private func commit(_ pending: inout PendingCommits?, on channel: any Channel, id: Int) async throws -> Bool {
        guard let open = pending else { return false }
        pending = nil
        let replies = await router.commit(open.group, answering: open.members.map { ($0.request, $0.principal, $0.reply) })
        var text = ""
        for (reply, member) in zip(replies, open.members) { text += ReplyEncoder.encode(reply, as: member.format) }
        try await send(text, on: channel)
        return registry.endCommand(id)
    }

    /// Writes `text` and waits until it reached the socket: replies stay in order, a reader
    /// that does not read stops the session's loop (back-pressure), and nothing queued is
    /// lost when the session closes after QUIT or 413.
    private func send(_ text: String, on channel: any Channel) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    /// Carries out the machine's actions in order; true when the session is to close.
    private func perform(_ actions: [SessionMachine.Action], _ conversation: Conversation, on channel: any Channel) async throws -> Bool {
        for action in actions {
            switch action {
            case .send(let text):
                try await send(text, on: channel)
            case .sendAndClose(let text):
                try await send(text, on: channel)
                return true
            case .route(let request, let principal, let format):
                try await send(ReplyEncoder.encode(await router.route(request, as: principal), as: format), on: channel)
            case .verifyToken(let token):
                let next: [SessionMachine.Action]
                do {
                    switch try await gate.tokens.verify(token) {
                    case .success(let principal):
                        logger.info("token accepted", metadata: ["peer": "\(conversation.peer)", "actor": "\(principal.actor)", "role": "\(principal.role.rawValue)"])
                        next = conversation.step { $0.tokenAccepted(principal) }
                    case .failure(let reason):
                        next = conversation.step { $0.tokenRefused() }
                        logger.warning("token refused", metadata: ["peer": "\(conversation.peer)", "reason": "\(reason)", "failures": "\(conversation.step { $0.authFailures })"])
                    }
                } catch {
                    let reply = router.reply(for: error, command: "AUTH")
                    next = conversation.step { $0.tokenCheckFailed(reply) }
                }
                if try await perform(next, conversation, on: channel) { return true }
            case .armDeadline(let seconds):
                conversation.setDeadline(Task {
                    guard (try? await Task.sleep(for: .seconds(seconds))) != nil else { return }
                    if (try? await self.perform(conversation.step { $0.deadlinePassed() }, conversation, on: channel)) == true {
                        try? await channel.close()
                    }
                })
            case .cancelDeadline:
                conversation.setDeadline(nil)
            case .pause(let milliseconds):
                try? await Task.sleep(for: .milliseconds(milliseconds))
            case .audit(let actor, let command, let reply):
                await gate.audit.record(actor: actor, role: nil, command: command, reply: reply)
            case .startWatching(let format):
                guard let broadcast else { continue }
                // A watcher only listens: the idle timeout no longer applies.
                try? await channel.pipeline.removeHandler(name: Self.idleHandlerName).get()
                conversation.setWatcher(watch(broadcast, on: channel, format: format))
            case .stopWatching(let text):
                await conversation.stopWatching()
                try await send(text, on: channel)
                return true
            }
        }
        return false
    }

    /// Writes each reminder as it fires to a watching session, one line each, until cancelled
    /// or the session closes.
    private func watch(_ broadcast: ReminderBroadcast, on channel: any Channel, format: ReplyFormat) -> Task<Void, Never> {
        let stream = broadcast.subscribe()
        let displayZone = router.displayZone
        return Task {
            for await reminder in stream {
                let zone = await displayZone?.current() ?? .gmt
                let line = format == .json ? ReminderPayload.json(reminder, zone: zone) : ReminderPayload.line(reminder, zone: zone)
                do {
                    try await channel.writeAndFlush(ByteBuffer(string: line + "\n")).get()
                } catch {
                    return
                }
            }
        }
    }
}
