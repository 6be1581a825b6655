import Foundation
import Synchronization

/// The zone replies show instants in when the request names none: the home municipality's,
/// read from the register and kept for `ttl`, so a changed home zone shows within seconds
/// without a query per command. Guarded by its own lock.
final class DisplayZone: Sendable {
    private struct Cached: Sendable {
        var zone: TimeZone
        var fetched: ContinuousClock.Instant?
    }

    private let cached: Mutex<Cached>
    private let fetch: @Sendable () async throws -> TimeZone
    private let ttl: Duration

    /// `fallback` until the first read succeeds (and whenever the database is unreachable).
    init(fallback: TimeZone, ttl: Duration = .seconds(10), fetch: @escaping @Sendable () async throws -> TimeZone) {
        self.cached = Mutex(Cached(zone: fallback))
        self.fetch = fetch
        self.ttl = ttl
    }

    /// The zone now (read again when older than `ttl`).
    func current() async -> TimeZone {
        let (zone, fresh) = cached.withLock { state in
            (state.zone, state.fetched.map { ContinuousClock.now - $0 < ttl } ?? false)
        }
        if fresh { return zone }
        guard let read = try? await fetch() else { return zone }
        cached.withLock { $0 = Cached(zone: read, fetched: ContinuousClock.now) }
        return read
    }
}
