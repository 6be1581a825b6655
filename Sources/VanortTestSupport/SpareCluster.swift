import Foundation

/// The second PostgreSQL cluster that deploy/test.sh sets up, which tests may stop and
/// start to see outages (`VANORT_TEST_SPARE_URL`, `VANORT_TEST_SPARE_CONTROL`).
public enum SpareCluster {
    public static var adminURL: String? { ProcessInfo.processInfo.environment["VANORT_TEST_SPARE_URL"] }
    static var control: String? { ProcessInfo.processInfo.environment["VANORT_TEST_SPARE_CONTROL"] }

    /// True when the environment names a spare cluster.
    public static var isAvailable: Bool { adminURL != nil && control != nil }

    /// Stops the cluster (already stopped is fine).
    public static func stop() async throws {
        guard let control else { return }
        try await run("\(control) stop -m fast || ! \(control) status")
    }

    /// Starts the cluster (already running is fine).
    public static func start() async throws {
        guard let control else { return }
        try await run("\(control) start || \(control) status")
    }

    private static func run(_ command: String) async throws {
        let status = try await CommandResult.shellStatus(command)
        guard status == 0 else { throw TestSupportError("'\(command)' exited with \(status)") }
    }
}

/// A test environment that did not behave (a helper process failed, a wait timed out).
public struct TestSupportError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension SpareCluster {
    /// Only one test at a time may stop and start the spare cluster.
    public static func exclusive<T>(_ body: () async throws -> T) async throws -> T {
        await gate.enter()
        do {
            let value = try await body()
            await gate.leave()
            return value
        } catch {
            try? await start()
            await gate.leave()
            throw error
        }
    }

    private static let gate = Gate()

    /// A first-come, first-served async lock.
    private actor Gate {
        private var busy = false
        private var waiters: [CheckedContinuation<Void, Never>] = []

        func enter() async {
            if !busy {
                busy = true
                return
            }
            await withCheckedContinuation { waiters.append($0) }
        }

        func leave() {
            if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
        }
    }
}
