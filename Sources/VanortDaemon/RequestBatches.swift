import NIOCore

/// A session's request lines, framed by `RequestLineDecoder`, a few at a time: each element
/// holds the whole lines already received, at most `maxLines` of them, so the session knows
/// which requests a pipelining client has already sent (and may let them commit together,
/// `CommitGroup`), while a client that waits for each reply sends one line per read.
///
/// What a pipelining client queues waits as bytes: in the channel's bounded reads
/// (`AdminServer.bufferedReads`) and in the one buffer framed from; a batch holds at most
/// `maxLines` slices of it (a whole read's worth of `ping`s as parsed lines cost a
/// thousand sessions 40 MiB, vanort-bench section 8, stop 27). An error (a line too long,
/// a last line cut off) comes after the lines before it.
struct RequestBatches<Base: AsyncSequence & Sendable>: AsyncSequence where Base.Element == ByteBuffer {
    typealias Element = [ByteBuffer]

    let base: Base
    let decoder: RequestLineDecoder
    /// The most lines one element holds: the most requests that commit together.
    var maxLines = AdminServer.groupedRequests

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), decoder: decoder, maxLines: maxLines)
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.AsyncIterator
        let decoder: RequestLineDecoder
        let maxLines: Int
        /// Bytes received and not yet framed.
        var buffer = ByteBuffer()
        /// An error met after some lines: thrown once those were handed out.
        var pending: (any Error)?
        var finished = false

        init(base: Base.AsyncIterator, decoder: RequestLineDecoder, maxLines: Int) {
            self.base = base
            self.decoder = decoder
            self.maxLines = maxLines
        }

        mutating func next() async throws -> [ByteBuffer]? {
            if let error = pending {
                pending = nil
                finished = true
                throw error
            }
            var lines: [ByteBuffer] = []
            while !finished {
                do {
                    while lines.count < maxLines, let line = try decoder.decode(buffer: &buffer) { lines.append(line) }
                    if !lines.isEmpty { return lines }
                    guard let chunk = try await base.next() else {
                        finished = true
                        while let line = try decoder.decodeLast(buffer: &buffer, seenEOF: true) { lines.append(line) }
                        break
                    }
                    if buffer.readableBytes == 0 {
                        buffer = chunk
                    } else {
                        buffer.discardReadBytes()
                        buffer.writeImmutableBuffer(chunk)
                    }
                } catch {
                    guard !lines.isEmpty else {
                        finished = true
                        throw error
                    }
                    pending = error
                    return lines
                }
            }
            return lines.isEmpty ? nil : lines
        }
    }
}
