import NIOCore

/// A session's request lines, framed by `RequestLineDecoder`, a socket read at a time: each
/// element is every whole line that one read completed, so the session knows which
/// requests a pipelining client has already sent (and may let them commit together,
/// `CommitGroup`) while a client that waits for each reply sends one line per read.
///
/// What a pipelining client queues still waits as bytes in the channel's bounded reads
/// (`AdminServer.bufferedReads`); a batch holds the lines of one read, slices of it.
/// An error (a line too long, a last line cut off) comes after the lines before it.
struct RequestBatches<Base: AsyncSequence & Sendable>: AsyncSequence where Base.Element == ByteBuffer {
    typealias Element = [ByteBuffer]

    let base: Base
    let decoder: RequestLineDecoder

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), processor: NIOSingleStepByteToMessageProcessor(decoder))
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        var processor: NIOSingleStepByteToMessageProcessor<RequestLineDecoder>
        /// An error met after some lines of the same read: thrown once those were handed out.
        var pending: (any Error)?
        var finished = false

        mutating func next() async throws -> [ByteBuffer]? {
            if let error = pending {
                pending = nil
                finished = true
                throw error
            }
            while !finished {
                var lines: [ByteBuffer] = []
                do {
                    if let chunk = try await base.next() {
                        try processor.process(buffer: chunk) { lines.append($0) }
                    } else {
                        finished = true
                        try processor.finishProcessing(seenEOF: true) { lines.append($0) }
                    }
                } catch {
                    guard !lines.isEmpty else {
                        finished = true
                        throw error
                    }
                    pending = error
                }
                if !lines.isEmpty { return lines }
            }
            return nil
        }
    }
}
