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
        return try await withCheckedThrowingContinuation { continuation in
            slot.queue.async {
                continuation.resume(with: Result { try self.run(body, in: slot) })
            }
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
        try await end(group) { connection in
            if let failure = group.failure { throw failure }
            guard group.begun, let connection else { return }
            try connection.commitShared()
        }
    }

    /// Rolls back everything the group's members did and frees its connection: the session
    /// ended before its replies could be sent.
    public func abandon(_ group: CommitGroup) async {
        try? await end(group) { connection in
            if group.begun, group.failure == nil { connection?.rollbackShared() }
        }
    }

    /// Runs `finish` with the group's connection on its queue, then frees the connection.
    private func end(_ group: CommitGroup, _ finish: @escaping @Sendable (PostgresConnection?) throws -> Void) async throws {
        let slot = slots[group.slot]
        defer { release(group.slot) }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            slot.queue.async {
                continuation.resume(with: Result {
                    do {
                        try finish(slot.connection)
                        self.markReachable()
                    } catch let error as PostgresError {
                        if case .connectionLost = error {
                            slot.connection?.close()
                            slot.connection = nil
                            self.markUnreachable()
                        }
                        throw error
                    }
                })
            }
        }
    }

    /// The task's commit group, when it is one of this pool's.
    private func grouped() -> CommitGroup? {
        guard let group = CommitGroup.current, group.pool == ObjectIdentifier(self) else { return nil }
        return group
    }

    /// Runs one member's work in the group's shared transaction, as a savepoint with
    /// `closing` before its release. The first member begins the shared transaction (on a
    /// connection found dead before anything ran, once more on a new one, as `run` does); a
    /// lost connection later breaks the group, since what earlier members did is gone.
    private func run<T: Sendable>(
        in group: CommitGroup, closing: SQL?, _ body: @escaping @Sendable (PostgresConnection) throws -> T
    ) async throws -> T {
        let slot = slots[group.slot]
        return try await withCheckedThrowingContinuation { continuation in
            slot.queue.async {
                continuation.resume(with: Result {
                    if let failure = group.failure { throw failure }
                    var attempt = 0
                    while true {
                        attempt += 1
                        let first = !group.begun
                        do {
                            let connection: PostgresConnection
                            if first {
                                connection = try self.openConnection(in: slot)
                                connection.completedStatements = 0
                                try connection.beginShared()
                                group.begun = true
                            } else if let open = slot.connection, open.isOpen {
                                connection = open
                            } else {
                                throw PostgresError.connectionLost("connection lost while its commit group was open")
                            }
                            let value = try connection.transaction(closing: closing) { try body(connection) }
                            self.markReachable()
                            return value
                        } catch let error as PostgresError {
                            guard case .connectionLost = error else { throw error }
                            let untouched = first && (slot.connection?.completedStatements ?? 0) == 0
                            slot.connection?.close()
                            slot.connection = nil
                            if untouched, attempt == 1 {
                                group.begun = false
                                continue
                            }
                            group.failure = error
                            self.markUnreachable()
                            throw error
                        }
                    }
                })
            }
        }
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

    private func run<T>(_ body: (PostgresConnection) throws -> T, in slot: Slot) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            let connection = try openConnection(in: slot)
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
                connection.close()
                slot.connection = nil
                if attempt == 1, connection.completedStatements == 0 { continue }
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
