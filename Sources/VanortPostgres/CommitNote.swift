import Synchronization

/// A statement that the next transaction this task commits runs just before its `COMMIT`,
/// so that it commits with the change or not at all. The daemon's audit entry travels this
/// way: the router sets one for the duration of a command (`$current.withValue`), the pool's
/// `transaction` adds it, and afterwards the router knows whether it committed (`isCommitted`)
/// or must still record the outcome itself (a refusal, a failure, a denial).
///
/// A task-local because the store's calls do not know who asks and should not: the
/// command's caller fills in what the log says, the pool only appends it.
public final class CommitNote: Sendable {
    /// The note for transactions begun in this task; nil outside a command.
    @TaskLocal public static var current: CommitNote?

    /// The statement, run once, in the first transaction of the task that commits.
    let statement: SQL
    /// Whether a transaction has taken the statement (`taken`) and committed it (`committed`).
    private let progress = Mutex((taken: false, committed: false))

    public init(_ statement: SQL) {
        self.statement = statement
    }

    /// True once a transaction committed the statement.
    public var isCommitted: Bool { progress.withLock { $0.committed } }

    /// The statement when no transaction of this task has taken it yet; marks it taken.
    func take() -> SQL? {
        progress.withLock { progress in
            guard !progress.taken, !progress.committed else { return nil }
            progress.taken = true
            return statement
        }
    }

    /// After the transaction that took the statement: committed, or rolled back and free
    /// for a later transaction of the same task.
    func settle(committed: Bool) {
        progress.withLock { progress in
            if committed { progress.committed = progress.taken } else if !progress.committed { progress.taken = false }
        }
    }
}
