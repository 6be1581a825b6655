import Foundation

/// Every wait the tests make, in one place, generous enough for a loaded two-core machine
/// running the whole suite in parallel (the suite failed at 30 s under that load, though
/// the same daemon answers in 2 ms by hand). `VANORT_TEST_TIMEOUT_SCALE` multiplies them
/// all, for slower machines. A test that is *about* a deadline sets its own, short one on
/// the daemon and waits here for the daemon to keep it.
public enum TestTimeouts {
    /// The multiplier from `VANORT_TEST_TIMEOUT_SCALE` (default 1).
    public static let scale: Double = ProcessInfo.processInfo.environment["VANORT_TEST_TIMEOUT_SCALE"]
        .flatMap(Double.init).map { max($0, 0.1) } ?? 1

    /// From starting vanortd to its `READY=1`.
    public static var daemonReady: Duration { scaled(180) }
    /// From SIGTERM to the process's exit.
    public static var daemonExit: Duration { scaled(90) }
    /// For a condition the test polls (`eventually`).
    public static var condition: Duration { scaled(120) }
    /// For one line from a socket or one datagram from the notify socket.
    public static var socketRead: Duration { scaled(90) }

    static func scaled(_ seconds: Double) -> Duration {
        .milliseconds(Int64(seconds * scale * 1000))
    }
}

/// Waits until `condition` holds, polling every `poll`; throws naming `what` after `within`.
public func eventually(
    _ what: String, within: Duration = TestTimeouts.condition, poll: Duration = .milliseconds(50),
    _ condition: () async throws -> Bool
) async throws {
    let deadline = ContinuousClock.now + within
    while true {
        if try await condition() { return }
        guard ContinuousClock.now < deadline else { throw TestSupportError("timed out after \(within) waiting for \(what)") }
        try await Task.sleep(for: poll)
    }
}

extension Duration {
    /// Whole seconds, rounded up (for `SO_RCVTIMEO` and the like).
    var wholeSeconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) + (attoseconds > 0 ? 1 : 0)
    }
}
