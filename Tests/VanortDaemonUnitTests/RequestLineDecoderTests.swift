import NIOCore
import Testing
@testable import VanortDaemon

/// Framing a session's requests from the socket's chunks line by line:
/// NIOCore's `decode(using:)` with `RequestLineDecoder`, no socket.
@Suite struct RequestLineDecoderTests {
    /// The lines framed from `chunks`, in order, or the error that ended the framing.
    static func lines(_ chunks: [String], maxLineBytes: Int = 64) async throws -> [String] {
        let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        for chunk in chunks { continuation.yield(ByteBuffer(string: chunk)) }
        continuation.finish()
        var result: [String] = []
        for try await line in stream.decode(using: RequestLineDecoder(maxLineBytes: maxLineBytes)) {
            result.append(String(buffer: line))
        }
        return result
    }

    @Test func aBurstOfShortPipelinedRequestsFarLongerThanTheLimitIsFramedLineByLine() async throws {
        // 50,000 bytes in one chunk against a 64-byte limit: the limit is per line.
        let lines = try await Self.lines([String(repeating: "ping\n", count: 10_000)])
        #expect(lines.count == 10_000)
        #expect(lines.allSatisfy { $0 == "ping" })
    }

    @Test func aLineSplitAcrossReadsIsOneRequestAndCRLFEndsALineToo() async throws {
        let lines = try await Self.lines(["city li", "st format=json\r", "\nping\r\nstatus\n"])
        #expect(lines == ["city list format=json", "ping", "status"])
    }

    @Test func aLineOfExactlyTheLimitPassesWithItsCR() async throws {
        let longest = String(repeating: "x", count: 64)
        #expect(try await Self.lines([longest + "\r\n"]) == [longest])
    }

    @Test func moreThanTheLimitWithoutALineFeedIsTooLargeEvenBeforeTheLineEnds() async throws {
        await #expect(throws: ByteToMessageDecoderError.PayloadTooLargeError.self) {
            // The lines before it are framed; the long one fails once 66 bytes wait without an LF.
            _ = try await Self.lines(["ping\n", String(repeating: "x", count: 40), String(repeating: "x", count: 40)])
        }
    }

    @Test func linesAlreadySentAreAnsweredBeforeAnUnterminatedLastLineEndsTheSession() async throws {
        var framed: [String] = []
        let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        continuation.yield(ByteBuffer(string: "ping\nstatus\nunfinished"))
        continuation.finish()
        do {
            for try await line in stream.decode(using: RequestLineDecoder(maxLineBytes: 64)) { framed.append(String(buffer: line)) }
            Issue.record("an unterminated last line must not pass as a request")
        } catch {
            #expect(framed == ["ping", "status"])
        }
    }
}
