import Foundation

/// Runs blocking work (libpq, sleeps, waiting on a process) on a thread of its own, off
/// Swift's cooperative pool: that pool has one thread per core, and a test suite that
/// blocks them slows every other test's async work, timeouts included.
public func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try work() })
        }
    }
}
