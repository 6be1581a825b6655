import Foundation
import VanortClient
import VanortProtocol

/// A real `vanortd` process on a temporary socket, for end-to-end tests.
public final class DaemonProcess: @unchecked Sendable {
    public let socketPath: String
    public let directory: URL
    public let process: ChildProcess
    private let logURL: URL
    /// Where this daemon says `READY=1`; nil when the test reads its own `$NOTIFY_SOCKET`.
    private let notify: NotifySocket?

    /// Where the package's executables were built: `VANORT_BIN_DIR`, else beside the test bundle.
    public static var binDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["VANORT_BIN_DIR"] { return URL(fileURLWithPath: dir) }
        var url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        // Under `swift test` argv[0] may be inside the .xctest bundle.
        while url.path != "/", !FileManager.default.fileExists(atPath: url.appendingPathComponent("vanortd").path) {
            url.deleteLastPathComponent()
        }
        return url
    }

    /// A fresh short directory under /tmp (socket paths are limited to 107 bytes).
    public static func makeDirectory() throws -> URL {
        let url = URL(fileURLWithPath: "/tmp/vt-" + UUID().uuidString.prefix(8).lowercased())
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private init(socketPath: String, directory: URL, process: ChildProcess, logURL: URL, notify: NotifySocket?) {
        self.socketPath = socketPath
        self.directory = directory
        self.process = process
        self.logURL = logURL
        self.notify = notify
    }

    /// Starts vanortd and, with `waitForSocket`, waits for its own `READY=1` on a notify
    /// socket this process owns (it exiting first throws with its log). No probe session:
    /// a probe can be closed by the idle timeout a test sets, and shows up in session counts.
    /// A test that passes its own `NOTIFY_SOCKET` reads it itself (`waitForSocket: false`).
    public static func start(
        databaseURL: String, arguments: [String] = [], environment: [String: String] = [:],
        socketPath: String? = nil, directory: URL? = nil, waitForSocket: Bool = true
    ) async throws -> DaemonProcess {
        let directory = try directory ?? makeDirectory()
        let socketPath = socketPath ?? directory.appendingPathComponent("admin.sock").path
        let logURL = directory.appendingPathComponent("vanortd-\(UUID().uuidString.prefix(4)).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        // The test's own NOTIFY_SOCKET, if it passed one; else one this process reads.
        var env = childEnvironment(environment, dropping: ["NOTIFY_SOCKET"])
        var notify: NotifySocket?
        if env["NOTIFY_SOCKET"] == nil {
            let owned = try NotifySocket(path: directory.appendingPathComponent("notify-\(UUID().uuidString.prefix(6))").path)
            env["NOTIFY_SOCKET"] = owned.path
            notify = owned
        }
        let log = try Spawning.lock.withLock { () throws -> FileHandle in
            let log = try FileHandle(forWritingTo: logURL)
            // Close-on-exec, so processes that other tests start do not inherit it.
            _ = fcntl(log.fileDescriptor, F_SETFD, FD_CLOEXEC)
            return log
        }
        defer { try? log.close() }
        let process = try ChildProcess.spawn(
            binDirectory.appendingPathComponent("vanortd").path,
            ["--database-url", databaseURL, "--socket", socketPath, "--log-level", "debug",
             // A loaded CI machine once took over 3 s to accept connections (stop 18): the
             // tests' generous wait, not the 5 s a quiet server gets by default.
             "--database-connect-timeout", String(TestDatabase.connectTimeout)] + arguments,
            environment: env, stderr: log.fileDescriptor)
        let daemon = DaemonProcess(socketPath: socketPath, directory: directory, process: process, logURL: logURL, notify: notify)
        if waitForSocket { try await daemon.waitUntilReady() }
        return daemon
    }

    /// Waits for the daemon's `READY=1` (sent once its socket is bound and the database
    /// answers); throws with its log if it exits first or `TestTimeouts.daemonReady` passes.
    public func waitUntilReady() async throws {
        guard let notify else {
            throw TestSupportError("this daemon reports to the test's own NOTIFY_SOCKET; read READY=1 there")
        }
        let deadline = ContinuousClock.now + TestTimeouts.daemonReady
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw TestSupportError("vanortd exited with \(process.exitStatus ?? -1):\n\(log)")
            }
            if let message = await notify.next(timeout: .milliseconds(250)), message.hasPrefix("READY=1") { return }
        }
        throw TestSupportError("vanortd did not say READY=1 within \(TestTimeouts.daemonReady):\n\(log)")
    }

    /// What the daemon wrote to stderr so far.
    public var log: String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    /// Sends a signal to the daemon.
    public func signal(_ number: Int32) {
        process.signal(number)
    }

    /// Waits for the daemon to exit and returns its exit status (throws after `timeout`).
    @discardableResult
    public func waitForExit(timeout: Duration = TestTimeouts.daemonExit) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { throw TestSupportError("vanortd did not exit:\n\(log)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.exitStatus ?? -1
    }

    /// Stops the daemon (SIGTERM, then SIGKILL) and removes its directory.
    public func stop() async {
        if process.isRunning {
            signal(SIGTERM)
            if (try? await waitForExit()) == nil {
                signal(SIGKILL)
                _ = try? await waitForExit()
            }
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// Runs vanortctl against this daemon.
    public func ctl(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandResult {
        try await CommandResult.run(
            DaemonProcess.binDirectory.appendingPathComponent("vanortctl"), ["--socket", socketPath] + arguments,
            environment: environment)
    }
}

extension DaemonProcess {
    /// The daemon's resident memory in KiB, from /proc.
    public var residentKiB: Int { statusKiB("VmRSS") }

    /// The most the daemon's resident memory has been so far, in KiB.
    public var peakResidentKiB: Int { statusKiB("VmHWM") }

    private func statusKiB(_ field: String) -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.pid)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
