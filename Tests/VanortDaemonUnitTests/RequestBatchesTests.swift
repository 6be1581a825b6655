import NIOCore
import Testing
@testable import VanortDaemon

/// What the session loop reads: the lines each socket read completed, together, so it
/// knows which requests a pipelining client has already sent. No socket.
@Suite struct RequestBatchesTests {
    /// The batches framed from `chunks`, and the error that ended them, if any.
    static func batches(_ chunks: [String], maxLineBytes: Int = 64) async -> (batches: [[String]], error: (any Error)?) {
        let (stream, continuation) = AsyncStream.makeStream(of: ByteBuffer.self)
        for chunk in chunks { continuation.yield(ByteBuffer(string: chunk)) }
        continuation.finish()
        var result: [[String]] = []
        do {
            for try await batch in RequestBatches(base: stream, decoder: RequestLineDecoder(maxLineBytes: maxLineBytes)) {
                result.append(batch.map { String(buffer: $0) })
            }
            return (result, nil)
        } catch {
            return (result, error)
        }
    }

    @Test func theLinesOfOneReadAreOneBatchAndALineSplitAcrossReadsJoinsTheReadThatEndsIt() async {
        let framed = await Self.batches(["reminder add note=a\nreminder add note=b\nreminder ad", "d note=c\n", "ping\r\nstatus\n"])
        #expect(framed.error == nil)
        #expect(framed.batches == [["reminder add note=a", "reminder add note=b"], ["reminder add note=c"], ["ping", "status"]])
    }

    @Test func aReadOfAThousandRequestsIsHandedOutAtMostThirtyTwoLinesAtATime() async {
        let framed = await Self.batches([String(repeating: "ping\n", count: 1000)])
        #expect(framed.batches.map(\.count) == Array(repeating: 32, count: 31) + [8])
        #expect(framed.batches.joined().allSatisfy { $0 == "ping" })
    }

    @Test func aClientThatWaitsForEachReplySendsBatchesOfOne() async {
        let framed = await Self.batches(["ping\n", "status\n", "pi", "ng\n"])
        #expect(framed.batches == [["ping"], ["status"], ["ping"]])
    }

    @Test func theLinesBeforeATooLongOneAreHandedOutFirstThenTheError() async {
        let framed = await Self.batches(["ping\nstatus\n" + String(repeating: "x", count: 70)])
        #expect(framed.batches == [["ping", "status"]])
        #expect(framed.error is ByteToMessageDecoderError.PayloadTooLargeError)
    }

    @Test func anUnterminatedLastLineEndsTheBatchesAfterTheWholeLines() async {
        let framed = await Self.batches(["ping\nstatus\nunfinished"])
        #expect(framed.batches == [["ping", "status"]])
        #expect(framed.error != nil)
    }
}
