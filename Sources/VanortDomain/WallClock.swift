import Foundation

/// "Now" on the wall clock, for the Swift code that needs today's date or the time of
/// day: one value the daemon hands to whatever asks, so a test can set the time. SQL uses
/// the database's `now()`, which is the same instant on every daemon sharing it.
public struct WallClock: Sendable {
    public let now: @Sendable () -> Date

    public init(_ now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// The process's clock.
    public static let system = WallClock { Date() }
}
