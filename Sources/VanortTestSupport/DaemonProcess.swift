import Foundation
import VanortClient
import VanortProtocol

/// A real `vanortd` process on a temporary socket, for end-to-end tests.
public final class DaemonProcess: @unchecked Sendable {
    public let socketPath: String
    public let directory: URL
    public let process: Process
    private let logURL: URL

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

    private init(socketPath: String, directory: URL, process: Process, logURL: URL) {
        self.socketPath = socketPath
        self.directory = directory
        self.process = process
        self.logURL = logURL
    }

    /// Starts vanortd and waits until its socket answers (or it exits, which throws with its log).
    public static func start(
        databaseURL: String, arguments: [String] = [], environment: [String: String] = [:],
        socketPath: String? = nil, directory: URL? = nil, waitForSocket: Bool = true
    ) async throws -> DaemonProcess {
        let directory = try directory ?? makeDirectory()
        let socketPath = socketPath ?? directory.appendingPathComponent("admin.sock").path
        let logURL = directory.appendingPathComponent("vanortd-\(UUID().uuidString.prefix(4)).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let process = Process()
        process.executableURL = binDirectory.appendingPathComponent("vanortd")
        process.arguments = ["--database-url", databaseURL, "--socket", socketPath, "--log-level", "debug"] + arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("VANORT_") }
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        try Spawning.lock.withLock {
            let log = try FileHandle(forWritingTo: logURL)
            // Close-on-exec, so processes that other tests start do not inherit it.
            _ = fcntl(log.fileDescriptor, F_SETFD, FD_CLOEXEC)
            process.standardError = log
            try process.run()
        }
        let daemon = DaemonProcess(socketPath: socketPath, directory: directory, process: process, logURL: logURL)
        if waitForSocket { try await daemon.waitUntilReady() }
        return daemon
    }

    /// Waits until PING answers; throws with the daemon's log if it exits or 30 s pass.
    public func waitUntilReady() async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                throw TestSupportError("vanortd exited with \(process.terminationStatus):\n\(log)")
            }
            // PING, then QUIT and wait for the close: by then the daemon has forgotten this
            // session, so tests that count sessions see only their own.
            let answered = try? await RawLineClient.with(socketPath: socketPath) { client -> Bool in
                guard try await client.readLine()?.hasPrefix("200 VANORT") == true else { return false }
                try await client.send("PING\nQUIT\n")
                let pong = try await client.readLine()
                while try await client.readLine() != nil {}
                return pong == "200 OK PONG"
            }
            if answered == true { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw TestSupportError("vanortd did not answer within 30 s:\n\(log)")
    }

    /// What the daemon wrote to stderr so far.
    public var log: String {
        (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
    }

    /// Sends a signal to the daemon.
    public func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the daemon to exit and returns its exit status (throws after `timeout`).
    @discardableResult
    public func waitForExit(timeout: Duration = .seconds(20)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else { throw TestSupportError("vanortd did not exit:\n\(log)") }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    /// Stops the daemon (SIGTERM, then SIGKILL) and removes its directory.
    public func stop() async {
        if process.isRunning {
            signal(SIGTERM)
            if (try? await waitForExit(timeout: .seconds(15))) == nil { signal(SIGKILL) }
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
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }
}
