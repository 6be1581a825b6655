import Dispatch
import Foundation
import Synchronization

/// A small pool of libpq connections for async callers.
///
/// Each connection has its own serial `DispatchQueue`, so blocking libpq calls never run
/// on a NIO event loop or on Swift's cooperative pool. A connection that breaks is
/// replaced on next use; while the database is down, reconnects back off (up to
/// `maximumBackoff`) and callers get `connectionLost` at once instead of waiting.
public final class PostgresPool: Sendable {
    /// One connection and the queue that owns it.
    private final class Slot: @unchecked Sendable {
        let queue: DispatchQueue
        /// Touched only on `queue`.
        var connection: PostgresConnection?

        init(index: Int) {
            queue = DispatchQueue(label: "vanort.postgres.\(index)")
        }
    }

    /// Which slots are free, who waits for one, and what we know of the database.
    private struct State {
        var free: [Int]
        var waiters: [CheckedContinuation<Int, Never>] = []
        var reachable = true
        var backoff: Duration = .zero
        var nextAttempt: ContinuousClock.Instant = .now
    }

    public let url: String
    public let minimumBackoff: Duration
    public let maximumBackoff: Duration
    private let applicationName: String
    /// libpq's `connect_timeout` for each new connection.
    private let connectTimeoutSeconds: Int
    private let slots: [Slot]
    private let state: Mutex<State>

    public init(
        url: String, size: Int = 4, applicationName: String = "vanortd",
        minimumBackoff: Duration = .milliseconds(200), maximumBackoff: Duration = .seconds(2), connectTimeoutSeconds: Int = 3
    ) {
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.url = url
        self.applicationName = applicationName
        self.minimumBackoff = minimumBackoff
        self.maximumBackoff = maximumBackoff
        self.slots = (0..<max(1, size)).map(Slot.init(index:))
        self.state = Mutex(State(free: Array(slots.indices)))
    }

    /// Whether the last attempt to use the database succeeded.
    public var isReachable: Bool { state.withLock { $0.reachable } }

    /// Runs `body` with a connection of its own, off the cooperative pool.
    ///
    /// If the connection turns out to be dead before any statement of `body` completed
    /// (say the server restarted while it sat idle), `body` runs once more on a new one:
    /// nothing of it can have been applied.
    ///
    /// In a `CommitGroup` of this pool it runs on the group's connection, as a savepoint of
    /// the group's transaction, so a failing read cannot break the group.
    @discardableResult
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        if let group = grouped() { return try await run(in: group, closing: nil, body) }
        let index = await acquire()
        defer { release(index) }
        let slot = slots[index]
        return try await onQueue(of: slot) {
            try self.use(slot, connect: self.openConnection(in:), retry: { _, untouched in untouched }, body)
        }
    }

    /// Runs `body` in a transaction on a pooled connection. The task's `CommitNote`, if it
    /// has one not yet committed, runs at the end of the same transaction.
    @discardableResult
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        let note = CommitNote.current
        do {
            // Taken once, so a run repeated on a new connection still carries it; it goes
            // with COMMIT, in the same round trip. A refusal rolls it back and records itself.
            let closing = note?.take()
            let value: T
            if let group = grouped() {
                value = try await run(in: group, closing: closing, body)
            } else {
                value = try await withConnection { connection in
                    try connection.transaction(closing: closing) { try body(connection) }
                }
            }
            note?.settle(committed: true)
            return value
        } catch {
            note?.settle(committed: false)
            throw error
        }
    }

    /// Reserves a connection for a `CommitGroup`; waits while every connection is busy.
    public func openGroup() async -> CommitGroup {
        CommitGroup(pool: self, slot: await acquire())
    }

    /// Commits everything the group's members did and frees its connection. Throws what
    /// broke the group or its `COMMIT`; then nothing of it was committed (or, the connection
    /// lost with `COMMIT` on its way, it cannot be known; `connectionLost` says so).
    public func commit(_ group: CommitGroup) async throws {
        defer { release(group.slot) }
        if let failure = group.failure { throw failure }
        guard group.begun else { return }
        let slot = slots[group.slot]
        try await onQueue(of: slot) {
            try self.use(slot, connect: Self.groupConnection, retry: { _, _ in false }) { try $0.commitShared() }
        }
    }

    /// Rolls back everything the group's members did and frees its connection: the session
    /// ended before its replies could be sent.
    public func abandon(_ group: CommitGroup) async {
        defer { release(group.slot) }
        guard group.begun, group.failure == nil else { return }
        let slot = slots[group.slot]
        try? await onQueue(of: slot) {
            try self.use(slot, connect: Self.groupConnection, retry: { _, _ in false }) { $0.rollbackShared() }
        }
    }

    /// The task's commit group, when it is one of this pool's.
    private func grouped() -> CommitGroup? {
        guard let group = CommitGroup.current, group.pool == ObjectIdentifier(self) else { return nil }
        return group
    }

    /// Runs one member's work in the group's shared transaction, as a savepoint with
    /// `closing` before its release. The first member begins the shared transaction (on a
    /// connection found dead before anything ran, once more on a new one, as
    /// `withConnection` does); a lost connection later breaks the group, since what earlier
    /// members did is gone.
    private func run<T: Sendable>(
        in group: CommitGroup, closing: SQL?, _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        let slot = slots[group.slot]
        return try await onQueue(of: slot) {
            if let failure = group.failure { throw failure }
            let first = !group.begun
            return try self.use(
                slot, connect: first ? self.openConnection(in:) : Self.groupConnection,
                retry: { error, untouched in
                    guard first, untouched else {
                        group.failure = error
                        return false
                    }
                    group.begun = false
                    return true
                }
            ) { connection in
                if !group.begun {
                    try connection.beginShared()
                    group.begun = true
                }
                return try connection.transaction(closing: closing) { try body(connection) }
            }
        }
    }

    /// A group's connection once its shared transaction has begun: the one it began on.
    private static func groupConnection(in slot: Slot) throws -> PostgresConnection {
        guard let connection = slot.connection, connection.isOpen else {
            throw PostgresError.connectionLost("connection lost while its commit group was open")
        }
        return connection
    }

    /// Closes every connection; later calls reconnect.
    public func closeAll() async {
        for slot in slots {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                slot.queue.async {
                    slot.connection?.close()
                    slot.connection = nil
                    continuation.resume()
                }
            }
        }
    }

    /// Runs `work` on the slot's queue, where its connection may be touched, and hands back
    /// what it returned or threw.
    private func onQueue<T: Sendable>(of slot: Slot, _ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            slot.queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    /// Runs `body` on the connection `connect` gives for the slot (on the slot's queue). On a
    /// lost connection it is closed and forgotten; `retry` (the error, and whether none of
    /// `body`'s statements had completed) decides whether `body` runs once more on a new
    /// connection, never more than once; otherwise the database is marked unreachable, so
    /// callers back off. Any other outcome shows the database answering.
    private func use<T>(
        _ slot: Slot, connect: (Slot) throws -> PostgresConnection, retry: (PostgresError, _ untouched: Bool) -> Bool,
        _ body: (PostgresConnection) throws -> T
    ) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            let connection = try connect(slot)
            connection.completedStatements = 0
            do {
                let value = try body(connection)
                markReachable()
                return value
            } catch let error as PostgresError {
                guard case .connectionLost = error else {
                    markReachable()
                    throw error
                }
                let untouched = connection.completedStatements == 0
                connection.close()
                slot.connection = nil
                if attempt == 1, retry(error, untouched) { continue }
                markUnreachable()
                throw error
            }
        }
    }

    private func openConnection(in slot: Slot) throws -> PostgresConnection {
        if let connection = slot.connection, connection.isOpen { return connection }
        slot.connection = nil
        let wait = state.withLock { $0.nextAttempt - .now }
        if wait > .zero {
            let milliseconds = wait.components.seconds * 1000 + wait.components.attoseconds / 1_000_000_000_000_000
            throw PostgresError.connectionLost("database unreachable; next attempt in \(milliseconds) ms")
        }
        do {
            let connection = try PostgresConnection(url: url, applicationName: applicationName, connectTimeoutSeconds: connectTimeoutSeconds)
            slot.connection = connection
            markReachable()
            return connection
        } catch {
            markUnreachable()
            throw error
        }
    }

    private func markReachable() {
        state.withLock {
            $0.reachable = true
            $0.backoff = .zero
            $0.nextAttempt = .now
        }
    }

    private func markUnreachable() {
        state.withLock {
            $0.reachable = false
            $0.backoff = $0.backoff == .zero ? minimumBackoff : min($0.backoff * 2, maximumBackoff)
            $0.nextAttempt = .now + $0.backoff
        }
    }

    private func acquire() async -> Int {
        await withCheckedContinuation { continuation in
            let index: Int? = state.withLock { state in
                if let index = state.free.popLast() { return index }
                state.waiters.append(continuation)
                return nil
            }
            if let index { continuation.resume(returning: index) }
        }
    }

    private func release(_ index: Int) {
        let waiter: CheckedContinuation<Int, Never>? = state.withLock { state in
            if state.waiters.isEmpty {
                state.free.append(index)
                return nil
            }
            return state.waiters.removeFirst()
        }
        waiter?.resume(returning: index)
    }
}
