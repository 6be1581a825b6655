import NIOCore
import NIOExtras

/// Frames a session's requests one line at a time, as the session asks for them (NIOCore's
/// `decode(using:)` over the socket's chunks), so what a pipelining client has sent waits
/// as bytes, not as parsed lines: a session holds at most its queued chunks and one
/// partial line (`docs/protocol.md`, "Pipelining").
///
/// The framing is swift-nio-extras' `LineBasedFrameDecoder` (LF, with or without CR); this
/// adds the line-length bound. It cannot be the processor's `maximumBufferSize`, which
/// counts every byte buffered after a line, and so would refuse a burst of short
/// pipelined requests as if it were one long line.
struct RequestLineDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    private let lines = LineBasedFrameDecoder()
    /// Longest request line in bytes, its CR excluded.
    let maxLineBytes: Int

    /// The next whole line, or nil until one has arrived. Throws `PayloadTooLargeError`
    /// once more than `maxLineBytes` (plus a CR) wait without a line feed among them.
    func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        if let line = try lines.decode(buffer: &buffer) { return line }
        guard buffer.readableBytes <= maxLineBytes + 1 else { throw ByteToMessageDecoderError.PayloadTooLargeError() }
        return nil
    }

    /// At the end of the stream: the lines still buffered, one by one; a last line without
    /// its LF is an error (`LeftOverBytesError`), as it was never sent whole.
    func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        try lines.decodeLast(buffer: &buffer, seenEOF: seenEOF)
    }
}
