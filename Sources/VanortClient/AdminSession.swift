import NIOCore
import NIOExtras
import NIOPosix
import NIOSSL
import VanortProtocol

/// A session on the admin socket, in JSON mode: send a request, get its reply.
public struct AdminSession {
    public typealias Channel = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    private var lines: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    /// The greeting's text after `200 VANORT`: `proto=1 version=… role=…`.
    public let greeting: String

    /// Connects to the Unix socket at `path`, greets in JSON mode and runs `body`; closes after.
    public static func with<Result: Sendable>(
        socketPath path: String, maxReplyBytes: Int = 64 << 20,
        _ body: (inout AdminSession) async throws -> Result
    ) async throws -> Result {
        try await with(endpoint: .unix(path: path), maxReplyBytes: maxReplyBytes, body)
    }

    /// Connects to `endpoint`, greets in JSON mode (and on TLS, unless told not to,
    /// authenticates with the token), runs `body`; closes after.
    public static func with<Result: Sendable>(
        endpoint: Endpoint, maxReplyBytes: Int = 64 << 20, authenticate: Bool = true,
        _ body: (inout AdminSession) async throws -> Result
    ) async throws -> Result {
        let channel: Channel
        do {
            channel = try await connect(endpoint) { channel in
                try channel.pipeline.syncOperations.addHandler(
                    ByteToMessageHandler(LineBasedFrameDecoder(), maximumBufferSize: maxReplyBytes))
                return try Channel(wrappingChannelSynchronously: channel)
            }
        } catch {
            throw ClientError.cannotConnect(endpoint: endpoint, reason: Self.reason(error))
        }
        return try await channel.executeThenClose { inbound, outbound in
            var session: AdminSession
            do {
                session = try await AdminSession(lines: inbound.makeAsyncIterator(), outbound: outbound)
            } catch let error as NIOSSLError {
                throw ClientError.cannotConnect(endpoint: endpoint, reason: "TLS: \(error)")
            } catch let error as BoringSSLError {
                throw ClientError.cannotConnect(endpoint: endpoint, reason: "TLS: \(error)")
            }
            if authenticate, case .tls(_, _, let token, _) = endpoint {
                let auth = try await session.send(line: "AUTH \(token)")
                guard auth.status == .ok else { throw ReplyError(reply: auth) }
            }
            return try await body(&session)
        }
    }

    /// Opens the connection; on TLS the handshake and certificate check come first.
    private static func connect(
        _ endpoint: Endpoint, _ initializer: @escaping @Sendable (any NIOCore.Channel) throws -> Channel
    ) async throws -> Channel {
        let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        switch endpoint {
        case .unix(let path):
            return try await bootstrap.connect(unixDomainSocketPath: path) { channel in
                channel.eventLoop.makeCompletedFuture { try initializer(channel) }
            }
        case .tls(let host, let port, _, let caFile):
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.minimumTLSVersion = .tlsv12
            if let caFile { configuration.trustRoots = .file(caFile) }
            let context = try NIOSSLContext(configuration: configuration)
            // An IP address is checked against the certificate's IP entries; a name goes in SNI.
            let isAddress = (try? SocketAddress(ipAddress: host, port: port)) != nil
            return try await bootstrap.connect(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: context, serverHostname: isAddress ? nil : host))
                    return try initializer(channel)
                }
            }
        }
    }

    private init(lines: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator, outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async throws {
        self.lines = lines
        self.outbound = outbound
        guard let first = try await self.lines.next() else { throw ClientError.closed }
        let text = String(buffer: first)
        guard text.hasPrefix("200 VANORT ") else {
            // 429 BUSY or 403 DENIED arrive instead of the greeting.
            if let code = Int(text.prefix(3)), let status = Status(rawValue: code), status.isError {
                throw ReplyError(reply: Reply(status, String(text.dropFirst(4).drop { $0 != " " }.dropFirst())))
            }
            throw ClientError.unexpectedReply(text)
        }
        greeting = String(text.dropFirst("200 VANORT ".count))
        let hello = try await send(line: "HELLO \(ProtocolVersion.major) format=json")
        guard hello.status == .ok else { throw ReplyError(reply: hello) }
    }

    /// Sends one request and returns the server's reply, whatever its status.
    /// Sends a request (over several lines when a value is too long for one) and returns its reply.
    public mutating func send(_ request: Request) async throws -> Reply {
        let lines = request.lines()
        return lines.count == 1 ? try await send(line: lines[0]) : try await send(lines: lines)
    }

    /// Sends one request line and returns the server's reply.
    public mutating func send(line: String) async throws -> Reply {
        try await outbound.write(ByteBuffer(string: line + "\n"))
        return try await nextReply()
    }

    /// Sends a multi-line request (a header and its record lines) and returns its one reply.
    public mutating func send(lines: [String]) async throws -> Reply {
        try await outbound.write(contentsOf: lines.map { ByteBuffer(string: $0 + "\n") })
        return try await nextReply()
    }

    /// Reads the next reply (or, after `211 STREAM`, the next event) line.
    public mutating func nextReply() async throws -> Reply {
        guard let line = try await lines.next() else { throw ClientError.closed }
        return try ReplyDecoder.decode(String(buffer: line))
    }

    /// Reads the next raw line (a streamed event after `211 STREAM`); nil when the server closed.
    public mutating func nextLine() async throws -> String? {
        try await lines.next().map { String(buffer: $0) }
    }

    private static func reason(_ error: any Error) -> String {
        if let io = error as? IOError { return io.description }
        return "\(error)"
    }
}

/// The daemon refused or failed a command: its reply, for the caller to show (exit code 1).
public struct ReplyError: Error, Sendable, CustomStringConvertible {
    public let reply: Reply
    public init(reply: Reply) { self.reply = reply }
    public var description: String { "\(reply.status.rawValue) \(reply.statusKeyword) \(reply.message)" }
}
