import Foundation

/// The daemon's ends of a child's stdin (a socket) and stderr (a pipe), served with
/// poll(2): the input is written as fast as the child reads it, stderr is collected (its
/// end kept), and nothing blocks longer than the wait asked for.
struct ChildIO {
    private var stdin: Int32
    private var stderr: Int32
    private let input: [UInt8]
    private var written = 0
    /// The end of what the child wrote to stderr.
    private(set) var collected = Data()

    init(stdin: Int32, stderr: Int32, input: Data) {
        self.stdin = stdin
        self.stderr = stderr
        self.input = [UInt8](input)
        _ = fcntl(stdin, F_SETFL, fcntl(stdin, F_GETFL) | O_NONBLOCK)
        if self.input.isEmpty { closeStdin() }
    }

    /// Whether the child may still read input or write to stderr.
    var isOpen: Bool { stdin >= 0 || stderr >= 0 }

    /// Waits up to `waitingMilliseconds` for either end to be ready, then writes and reads
    /// what it can without blocking.
    mutating func exchange(waitingMilliseconds: Int32) {
        var fds: [pollfd] = []
        if stdin >= 0 { fds.append(pollfd(fd: stdin, events: Int16(POLLOUT), revents: 0)) }
        if stderr >= 0 { fds.append(pollfd(fd: stderr, events: Int16(POLLIN), revents: 0)) }
        guard !fds.isEmpty, poll(&fds, nfds_t(fds.count), waitingMilliseconds) > 0 else { return }
        for ready in fds where ready.revents != 0 {
            if ready.fd == stdin { writeSome() } else { readSome() }
        }
    }

    /// Closes what is still open.
    mutating func closeAll() {
        closeStdin()
        if stderr >= 0 {
            close(stderr)
            stderr = -1
        }
    }

    private mutating func writeSome() {
        let sent = input.withUnsafeBytes { bytes -> Int in
            guard let base = bytes.baseAddress else { return 0 }
            return send(stdin, base + written, bytes.count - written, Int32(MSG_NOSIGNAL))
        }
        if sent > 0 {
            written += sent
            // All of it sent: the child sees the end of its input.
            if written == input.count { closeStdin() }
        } else if sent < 0, errno == EAGAIN || errno == EINTR {
            return
        } else {
            // The child stopped reading (it quit or closed stdin): the rest is not wanted.
            closeStdin()
        }
    }

    private mutating func readSome() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(stderr, &buffer, buffer.count)
        if count > 0 {
            collected.append(contentsOf: buffer[0..<count])
            if collected.count > 8192 { collected = collected.suffix(2048) }
        } else if count < 0, errno == EAGAIN || errno == EINTR {
            return
        } else {
            close(stderr)
            stderr = -1
        }
    }

    private mutating func closeStdin() {
        guard stdin >= 0 else { return }
        close(stdin)
        stdin = -1
    }
}
