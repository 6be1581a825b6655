import Foundation

/// A datagram socket standing in for systemd's notification socket (`$NOTIFY_SOCKET`):
/// what a test daemon says there (`READY=1` first of all) is how the test knows it serves.
public final class NotifySocket: Sendable {
    public let fd: Int32
    public let path: String

    public init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw TestSupportError("socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8) + [0]) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else {
            let code = errno
            close(fd)
            throw TestSupportError("bind \(path): errno \(code)")
        }
    }

    deinit {
        close(fd)
        unlink(path)
    }

    /// The next notification, or nil when none came within `timeout`. The wait runs on a
    /// thread of its own, never on Swift's cooperative pool.
    public func next(timeout: Duration = TestTimeouts.socketRead) async -> String? {
        (try? await onThread { self.receive(timeout: timeout) }) ?? nil
    }

    /// Blocks for at most `timeout` (poll(2), so a signal cannot stretch it).
    private func receive(timeout: Duration) -> String? {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        let milliseconds = Int32(clamping: timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        guard poll(&descriptor, 1, milliseconds) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, Int32(MSG_DONTWAIT))
        return count > 0 ? String(decoding: buffer[0..<count], as: UTF8.self) : nil
    }
}
