import Foundation

/// What a finished command printed and how it exited.
public struct CommandResult: Sendable {
    public var stdout: String
    public var stderr: String
    public var exitCode: Int32

    /// Runs `executable` with `arguments` and collects its output.
    ///
    /// The pipes are close-on-exec and read on threads of their own: daemons that other
    /// tests start at the same moment must not inherit them (a pipe a daemon holds never
    /// reaches end of file), and blocking reads must not tie up Swift's cooperative pool.
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) async throws -> CommandResult {
        let (out, err) = try Spawning.lock.withLock { (try closeOnExecPipe(), try closeOnExecPipe()) }
        let child: ChildProcess
        do {
            child = try ChildProcess.spawn(
                executable.path, arguments, environment: childEnvironment(environment),
                stdout: out.write.fileDescriptor, stderr: err.write.fileDescriptor)
        } catch {
            try? out.write.close()
            try? err.write.close()
            throw error
        }
        try out.write.close()
        try err.write.close()
        async let stdout = readToEnd(out.read)
        async let stderr = readToEnd(err.read)
        let (outData, errData) = await (stdout, stderr)
        let status = await child.waitForExit()
        return CommandResult(
            stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self), exitCode: status)
    }

    /// A pipe whose ends are close-on-exec; call under `Spawning.lock` so no process is
    /// started between creating it and flagging it.
    private static func closeOnExecPipe() throws -> (read: FileHandle, write: FileHandle) {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw TestSupportError("pipe failed: errno \(errno)") }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        return (FileHandle(fileDescriptor: fds[0], closeOnDealloc: true), FileHandle(fileDescriptor: fds[1], closeOnDealloc: true))
    }

    private static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: handle.readDataToEndOfFile()) }
        }
    }

    /// Runs a shell command with its output discarded and returns its exit status.
    /// For commands that leave daemons behind (`pg_ctlcluster start`), which would hold
    /// pipes open and which Foundation's Process does not always see exit.
    public static func shellStatus(_ command: String) async throws -> Int32 {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                let words: [String] = ["/bin/sh", "-c", "\(command) </dev/null >/dev/null 2>&1"]
                let argv: [UnsafeMutablePointer<CChar>?] = words.map { strdup($0) } + [nil]
                defer { argv.forEach { free($0) } }
                var pid: pid_t = 0
                let spawned = Spawning.lock.withLock { posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ) }
                guard spawned == 0 else {
                    continuation.resume(throwing: TestSupportError("cannot run '\(command)': errno \(spawned)"))
                    return
                }
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                continuation.resume(returning: (status >> 8) & 0xFF)
            }
        }
    }
}

/// Serialises starting processes with creating the close-on-exec descriptors they must not
/// inherit (Glibc's module does not offer pipe2).
enum Spawning {
    static let lock = NSLock()
}
