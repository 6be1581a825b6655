import NIOCore
import NIOExtras
import NIOPosix

/// A bare line client for the admin socket: sends bytes exactly as given and reads
/// lines as the server wrote them (what `socat - UNIX-CONNECT:` would show).
public struct RawLineClient {
    private var lines: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    private let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>

    public static func with<T: Sendable>(socketPath: String, _ body: (inout RawLineClient) async throws -> T) async throws -> T {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(unixDomainSocketPath: socketPath) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(LineBasedFrameDecoder()))
                    // A deep inbound buffer: with the default one NIO stops reading under load, and a
                    // server close that arrives meanwhile can cut off replies not yet read.
                    return try NIOAsyncChannel<ByteBuffer, ByteBuffer>(
                        wrappingChannelSynchronously: channel,
                        configuration: .init(backPressureStrategy: .init(lowWatermark: 1024, highWatermark: 65_536)))
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var client = RawLineClient(lines: inbound.makeAsyncIterator(), outbound: outbound)
            return try await body(&client)
        }
    }

    /// Sends raw bytes (add the LF yourself).
    public func send(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    public func send(_ text: String) async throws {
        try await outbound.write(ByteBuffer(string: text))
    }

    /// The next line without its LF, or nil once the server closed.
    public mutating func readLine() async throws -> String? {
        try await lines.next().map { String(buffer: $0) }
    }

    /// Reads lines until a line that is only `.` (the end of a text-mode table).
    public mutating func readTable() async throws -> [String] {
        var result: [String] = []
        while let line = try await readLine() {
            if line == "." { break }
            result.append(line)
        }
        return result
    }
}
