import NIOCore
import Synchronization

/// The open sessions, whether each is running a command, and whether the daemon is
/// shutting down. One lock guards it all, so "finish in-flight commands, close idle
/// sessions" has no race between a session starting a command and shutdown.
final class SessionRegistry: Sendable {
    private struct Entry {
        let channel: any Channel
        var busy = false
    }

    private struct State {
        var sessions: [Int: Entry] = [:]
        var nextID = 0
        var shuttingDown = false
        /// Run once when shutdown has begun and the last session has gone.
        var whenEmpty: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    /// Sessions open right now.
    var count: Int { state.withLock { $0.sessions.count } }

    /// What became of a new session.
    enum Admission {
        case admitted(id: Int)
        /// `limit` sessions are open already.
        case busy
        case shuttingDown
    }

    /// Registers a new session unless `limit` sessions are open or shutdown began.
    func admit(_ channel: any Channel, limit: Int) -> Admission {
        state.withLock { state in
            if state.shuttingDown { return .shuttingDown }
            guard state.sessions.count < limit else { return .busy }
            state.nextID += 1
            state.sessions[state.nextID] = Entry(channel: channel)
            return .admitted(id: state.nextID)
        }
    }

    func remove(_ id: Int) {
        state.withLock { state in
            state.sessions.removeValue(forKey: id)
            return Self.takeWhenEmpty(&state)
        }?()
    }

    /// The shutdown callback, once, when its time has come.
    private static func takeWhenEmpty(_ state: inout State) -> (@Sendable () -> Void)? {
        guard state.shuttingDown, state.sessions.isEmpty else { return nil }
        defer { state.whenEmpty = nil }
        return state.whenEmpty
    }

    /// Marks the session busy; false once shutdown began (the session should close).
    func beginCommand(_ id: Int) -> Bool {
        state.withLock { state in
            guard !state.shuttingDown else { return false }
            state.sessions[id]?.busy = true
            return true
        }
    }

    /// Marks the session idle; true if shutdown began meanwhile (the session should close).
    func endCommand(_ id: Int) -> Bool {
        state.withLock { state in
            state.sessions[id]?.busy = false
            return state.shuttingDown
        }
    }

    /// Starts shutdown: idle sessions are closed now, busy ones close after their reply;
    /// `whenEmpty` runs once the last has gone (now, if none is open). Later calls only
    /// close what is idle.
    func beginShutdown(whenEmpty: (@Sendable () -> Void)? = nil) {
        let (idle, empty) = state.withLock { state -> ([any Channel], (@Sendable () -> Void)?) in
            if !state.shuttingDown { state.whenEmpty = whenEmpty }
            state.shuttingDown = true
            return (state.sessions.values.filter { !$0.busy }.map(\.channel), Self.takeWhenEmpty(&state))
        }
        idle.forEach { $0.close(promise: nil) }
        empty?()
    }

    /// Closes every session, busy or not (when in-flight commands overstay the grace period).
    func closeAll() {
        state.withLock { $0.sessions.values.map(\.channel) }.forEach { $0.close(promise: nil) }
    }
}
