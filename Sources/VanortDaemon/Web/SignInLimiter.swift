import Foundation
import Synchronization

/// How often sign-in may fail before it must wait: at most `allowedFailures` failures per
/// e-mail address and per client address within `window`; the next attempt is refused
/// until the oldest of them leaves the window. Plain state with the time handed in, so it
/// is tested without a clock or a server; the web face keeps one behind a lock. Bounded:
/// it forgets failures older than the window and keeps at most `maximumKeys` keys.
struct SignInLimiter: Sendable {
    static let window: TimeInterval = 15 * 60
    static let allowedFailures = 5
    static let maximumKeys = 10_000

    private var failures: [String: [Date]] = [:]

    /// The keys one attempt counts against: the address typed (ignoring case) and the client's.
    static func keys(email: String, client: String) -> [String] {
        ["email:" + email.trimmingCharacters(in: .whitespaces).lowercased(), "client:" + client]
    }

    /// nil when an attempt for `keys` may go ahead at `now`; else when it may.
    func blockedUntil(_ keys: [String], now: Date) -> Date? {
        keys.compactMap { key -> Date? in
            let recent = (failures[key] ?? []).filter { now.timeIntervalSince($0) < Self.window }
            guard recent.count >= Self.allowedFailures, let oldest = recent.min() else { return nil }
            return oldest.addingTimeInterval(Self.window)
        }.max()
    }

    /// Counts a failed attempt at `now`.
    mutating func failed(_ keys: [String], at now: Date) {
        if failures.count >= Self.maximumKeys { forget(before: now) }
        for key in keys {
            failures[key, default: []] = (failures[key] ?? []).filter { now.timeIntervalSince($0) < Self.window } + [now]
        }
        // Still full after forgetting the old: drop the keys whose last failure is oldest.
        if failures.count > Self.maximumKeys {
            let oldest = failures.sorted { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) }.prefix(failures.count - Self.maximumKeys)
            for (key, _) in oldest { failures[key] = nil }
        }
    }

    /// A success clears the address typed (not the client's: one right password does not
    /// excuse guessing others' from the same place).
    mutating func succeeded(_ keys: [String]) {
        if let email = keys.first { failures[email] = nil }
    }

    var count: Int { failures.count }

    private mutating func forget(before now: Date) {
        failures = failures.compactMapValues { dates in
            let recent = dates.filter { now.timeIntervalSince($0) < Self.window }
            return recent.isEmpty ? nil : recent
        }
    }
}

/// The web face's one `SignInLimiter`, behind the lock that guards it.
final class SignInLimits: Sendable {
    private let limiter = Mutex(SignInLimiter())

    func withLock<T: Sendable>(_ body: (inout SignInLimiter) -> T) -> T {
        limiter.withLock { body(&$0) }
    }
}
