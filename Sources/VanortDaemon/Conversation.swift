import Synchronization

/// One session's `SessionMachine` and the two tasks its actions start (the authentication
/// deadline and a reminder watcher), under one lock: the session's loop and its deadline
/// task both step the machine.
final class Conversation: Sendable {
    private struct Guarded: Sendable {
        var machine: SessionMachine
        var deadline: Task<Void, Never>?
        var watcher: Task<Void, Never>?
    }

    private let guarded: Mutex<Guarded>
    /// Who is at the other end, for the log.
    let peer: String

    init(_ machine: SessionMachine) {
        guarded = Mutex(Guarded(machine: machine))
        peer = if case .tcp(let peer) = machine.transport { peer } else { "unix" }
    }

    /// Runs one transition of the machine and returns what it decided.
    func step<T: Sendable>(_ transition: (inout SessionMachine) -> T) -> T {
        guarded.withLock { transition(&$0.machine) }
    }

    /// Requests answered so far.
    var commands: Int { step { $0.commands } }

    /// Replaces the authentication deadline (nil: none), cancelling the one before.
    func setDeadline(_ task: Task<Void, Never>?) {
        guarded.withLock { state in
            state.deadline?.cancel()
            state.deadline = task
        }
    }

    func setWatcher(_ task: Task<Void, Never>) {
        guarded.withLock { $0.watcher = task }
    }

    /// Cancels the watcher and waits until it wrote its last line.
    func stopWatching() async {
        let watcher = guarded.withLock { state -> Task<Void, Never>? in
            defer { state.watcher = nil }
            return state.watcher
        }
        watcher?.cancel()
        await watcher?.value
    }

    /// The session closed: nothing it started outlives it.
    func end() {
        guarded.withLock { state in
            state.deadline?.cancel()
            state.watcher?.cancel()
        }
    }
}
