import Foundation

/// A bare Unix-socket client for tests that need many connections, half closes, or a
/// client that never reads: things an async client hides. Its reads and writes block, so
/// they run on a thread of their own (`onThread`), never on Swift's cooperative pool.
public final class PosixSocket: Sendable {
    public let fd: Int32

    /// Connects to the Unix socket at `path`; reads time out after `timeout`.
    public init(unixPath path: String, timeout: Duration = TestTimeouts.socketRead) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            close(fd)
            throw TestSupportError("socket path too long: \(path)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes + [0]) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard connected == 0 else {
            let code = errno
            close(fd)
            throw TestSupportError("connect \(path): errno \(code)")
        }
        var time = timeval(tv_sec: timeout.wholeSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &time, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Lifts this process's soft open-file limit to the hard one (tests that hold many sockets).
    public static func raiseOpenFileLimit() {
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        var limit = rlimit()
        guard getrlimit(resource, &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(resource, &limit)
    }

    /// Writes all of `bytes`, or as much as fits before the peer stops reading when
    /// `nonBlocking`; returns how many were written.
    @discardableResult
    public func write(_ bytes: [UInt8], nonBlocking: Bool = false) async -> Int {
        (try? await onThread { self.writeNow(bytes, nonBlocking: nonBlocking) }) ?? 0
    }

    public func write(_ text: String) async {
        await write(Array(text.utf8))
    }

    private func writeNow(_ bytes: [UInt8], nonBlocking: Bool) -> Int {
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Foundation.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL) | (nonBlocking ? Int32(MSG_DONTWAIT) : 0)) }
            if count <= 0 { break }
            written += count
        }
        return written
    }

    /// Reads until LF and returns the line without it; nil on EOF, error or timeout.
    public func readLine() async -> String? {
        (try? await onThread { self.readLineNow() }) ?? nil
    }

    private func readLineNow() -> String? {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while Foundation.read(fd, &byte, 1) == 1 {
            if byte == 0x0A { return String(decoding: line, as: UTF8.self) }
            line.append(byte)
        }
        return line.isEmpty ? nil : String(decoding: line, as: UTF8.self)
    }

    /// Shuts down the sending side: the daemon sees EOF but may still answer.
    public func shutdownWrite() {
        shutdown(fd, Int32(SHUT_WR))
    }
}
