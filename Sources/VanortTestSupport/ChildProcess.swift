import Foundation
import Synchronization

/// A process the tests start with `posix_spawn`, and its exit, reaped on a thread of its
/// own. Foundation's `Process` is not used: it crashed the test process once in its own
/// `run()` (a bad read in memcpy while 200 tests spawned at once), and its exit handling
/// leans on the cooperative pool.
public final class ChildProcess: Sendable {
    public let pid: pid_t
    /// The exit status once reaped: the exit code, or 128 + the signal that ended it.
    private let status = Mutex<Int32?>(nil)
    private let exited = AsyncStream<Void>.makeStream()

    private init(pid: pid_t) {
        self.pid = pid
    }

    /// Starts `executable` with `arguments` and exactly `environment`; the child's stdin,
    /// stdout and stderr are the given descriptors (`/dev/null` where nil). Call with
    /// `Spawning.lock` held by nobody: it takes it, so that descriptors other tests are
    /// creating are flagged close-on-exec before any child can inherit them.
    public static func spawn(
        _ executable: String, _ arguments: [String], environment: [String: String],
        stdin: Int32? = nil, stdout: Int32? = nil, stderr: Int32? = nil
    ) throws -> ChildProcess {
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (descriptor, target, flags) in [(stdin, Int32(0), O_RDONLY), (stdout, Int32(1), O_WRONLY), (stderr, Int32(2), O_WRONLY)] {
            if let descriptor {
                posix_spawn_file_actions_adddup2(&actions, descriptor, target)
            } else {
                posix_spawn_file_actions_addopen(&actions, target, "/dev/null", flags, 0)
            }
        }
        var pid: pid_t = 0
        let result = Spawning.lock.withLock { posix_spawn(&pid, executable, &actions, nil, argv, envp) }
        guard result == 0 else { throw TestSupportError("cannot start \(executable): errno \(result)") }
        let child = ChildProcess(pid: pid)
        Thread.detachNewThread { child.reap() }
        return child
    }

    /// Blocks this (own) thread until the child exits, then records how.
    private func reap() {
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) == -1 && errno == EINTR {}
        // WIFEXITED / WEXITSTATUS / WTERMSIG, which Glibc's module does not export as functions.
        let signal = raw & 0x7F
        let code: Int32 = signal == 0 ? (raw >> 8) & 0xFF : 128 + signal
        status.withLock { $0 = code }
        exited.continuation.finish()
    }

    /// True until the child has exited and been reaped.
    public var isRunning: Bool { status.withLock { $0 == nil } }

    /// The exit status, nil while it runs.
    public var exitStatus: Int32? { status.withLock { $0 } }

    /// Waits (without blocking a thread) until the child exits; returns its status.
    @discardableResult
    public func waitForExit() async -> Int32 {
        for await _ in exited.stream {}
        return exitStatus ?? -1
    }

    /// Sends a signal to the child.
    public func signal(_ number: Int32) {
        if isRunning { kill(pid, number) }
    }
}

/// The test process's environment without vanort's own settings, with `overrides` on top.
func childEnvironment(_ overrides: [String: String], dropping: Set<String> = []) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VANORT_") && !dropping.contains($0.key) }
    environment.merge(overrides) { $1 }
    return environment
}
