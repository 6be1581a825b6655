import Foundation
import Synchronization

/// A shell command a delivery channel runs (`--notify-command`, `--sendmail-command`):
/// `/bin/sh -c COMMAND` with a message on stdin, killed when it overstays its timeout.
public struct ExternalCommand: Sendable {
    /// How a run ended.
    public struct Outcome: Sendable, Equatable {
        public var exitStatus: Int32
        public var timedOut: Bool
        /// The end of what it wrote to stderr, for the delivery record.
        public var stderr: String

        public var succeeded: Bool { exitStatus == 0 && !timedOut }

        /// One line saying why it failed.
        public var failure: String {
            if timedOut { return "timed out" }
            let detail = stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            return "exit status \(exitStatus)" + (detail.isEmpty ? "" : ": \(detail)")
        }
    }

    public let command: String
    public let timeoutSeconds: Double

    public init(_ command: String, timeoutSeconds: Double = 30) {
        self.command = command
        self.timeoutSeconds = timeoutSeconds
    }

    /// Runs the command with `input` on stdin, on a thread of its own (never on the
    /// cooperative pool, since it blocks).
    public func run(input: Data) async -> Outcome {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                continuation.resume(returning: self.runBlocking(input: input))
            }
        }
    }

    private func runBlocking(input: Data) -> Outcome {
        var stdinSocket: [Int32] = [-1, -1]
        var stderrPipe: [Int32] = [-1, -1]
        var pid: pid_t = 0
        let spawned: Int32 = Self.spawnLock.withLock {
            // stdin is a socket pair, not a pipe: writing to a child that quit is then an
            // error (MSG_NOSIGNAL) instead of a SIGPIPE for the whole process.
            guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &stdinSocket) == 0 else { return errno }
            guard pipe(&stderrPipe) == 0 else {
                close(stdinSocket[0])
                close(stdinSocket[1])
                return errno
            }
            // The daemon's ends must not leak into other children started meanwhile.
            for fd in stdinSocket + stderrPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            posix_spawn_file_actions_adddup2(&actions, stdinSocket[0], 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_adddup2(&actions, stderrPipe[1], 2)
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            // The daemon ignores the signals it watches; its children get the defaults back.
            var defaults = sigset_t()
            sigemptyset(&defaults)
            for signal in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { sigaddset(&defaults, signal) }
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
            let words: [String] = ["/bin/sh", "-c", command]
            let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
            defer { argv.forEach { free($0) } }
            let result = posix_spawn(&pid, "/bin/sh", &actions, &attributes, argv, environ)
            close(stdinSocket[0])
            close(stderrPipe[1])
            return result
        }
        guard spawned == 0 else {
            for fd in [stdinSocket[1], stderrPipe[0]] where fd >= 0 { close(fd) }
            return Outcome(exitStatus: -1, timedOut: false, stderr: "cannot start /bin/sh: errno \(spawned)")
        }
        let run = Mutex((finished: false, timedOut: false))
        let child = pid
        DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds) {
            run.withLock { run in
                guard !run.finished else { return }
                run.timedOut = true
                kill(child, SIGKILL)
            }
        }
        input.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let written = send(stdinSocket[1], base + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                if written > 0 {
                    offset += written
                } else if written < 0, errno == EINTR {
                    continue
                } else {
                    break
                }
            }
        }
        close(stdinSocket[1])
        var collected = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(stderrPipe[0], &buffer, buffer.count)
            if count > 0 {
                collected.append(contentsOf: buffer[0..<count])
                if collected.count > 8192 { collected = collected.suffix(2048) }
            } else if count == 0 || errno != EINTR {
                break
            }
        }
        close(stderrPipe[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let timedOut = run.withLock { run in
            run.finished = true
            return run.timedOut
        }
        let exited = (status & 0x7F) == 0
        return Outcome(
            exitStatus: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F), timedOut: timedOut,
            stderr: String(decoding: collected.suffix(500), as: UTF8.self))
    }

    /// Serialises creating pipes with starting children, so no child inherits another's pipe.
    private static let spawnLock = NSLock()
}
