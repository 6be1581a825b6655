import Foundation

/// A shell command a delivery channel runs (`--notify-command`, `--sendmail-command`):
/// `/bin/sh -c COMMAND` with a message on stdin, killed with whatever it started when it
/// overstays its timeout.
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
            // A process group of its own, so a timeout kills what the command started too.
            posix_spawnattr_setpgroup(&attributes, 0)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
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
        // The timeout is kept here, on this thread, with poll(2): a timer on a shared queue
        // could fire late when that queue's threads are busy (seen: 25 s instead of 0.5 s).
        var io = ChildIO(stdin: stdinSocket[1], stderr: stderrPipe[0], input: input)
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(max(timeoutSeconds, 0) * 1e9)
        var timedOut = false
        func killIfLate() {
            guard !timedOut, DispatchTime.now().uptimeNanoseconds >= deadline else { return }
            timedOut = true
            kill(-pid, SIGKILL)
        }
        // After a kill, stderr may stay open in a process that left the group; read it for a
        // moment only.
        var readUntil = UInt64.max
        while io.isOpen, DispatchTime.now().uptimeNanoseconds < readUntil {
            let now = DispatchTime.now().uptimeNanoseconds
            let until = timedOut ? readUntil : deadline
            io.exchange(waitingMilliseconds: Int32(clamping: until > now ? (until - now) / 1_000_000 + 1 : 0))
            killIfLate()
            if timedOut, readUntil == .max { readUntil = DispatchTime.now().uptimeNanoseconds + 1_000_000_000 }
        }
        io.closeAll()
        var status: Int32 = 0
        // The child may have closed its stderr and gone on running: wait for it, not forever.
        while true {
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid || (waited == -1 && errno != EINTR) { break }
            killIfLate()
            usleep(timedOut ? 1_000 : 10_000)
        }
        let collected = io.collected
        let exited = (status & 0x7F) == 0
        return Outcome(
            exitStatus: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F), timedOut: timedOut,
            stderr: String(decoding: collected.suffix(500), as: UTF8.self))
    }

    /// Serialises creating pipes with starting children, so no child inherits another's pipe.
    private static let spawnLock = NSLock()
}
