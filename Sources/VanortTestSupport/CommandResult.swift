import Foundation

/// What a finished command printed and how it exited.
public struct CommandResult: Sendable {
    public var stdout: String
    public var stderr: String
    public var exitCode: Int32

    /// Runs `executable` with `arguments` and collects its output.
    public static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) async throws -> CommandResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VANORT_") }
        env.merge(environment) { $1 }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        let exited = exitStream(process)
        try process.run()
        // Read both pipes to the end, so a large output cannot block the child.
        async let stdout = Task.detached { out.fileHandleForReading.readDataToEndOfFile() }.value
        async let stderr = Task.detached { err.fileHandleForReading.readDataToEndOfFile() }.value
        let (outData, errData) = await (stdout, stderr)
        for await _ in exited {}
        return CommandResult(
            stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
            exitCode: process.terminationStatus)
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
                let spawned = posix_spawn(&pid, "/bin/sh", nil, nil, argv, environ)
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

    /// Finishes when the process exits. (Foundation's waitUntilExit can hang on the cooperative pool.)
    private static func exitStream(_ process: Process) -> AsyncStream<Void> {
        AsyncStream { continuation in
            process.terminationHandler = { _ in continuation.finish() }
        }
    }
}
