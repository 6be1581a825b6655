import Synchronization

/// Consecutive requests of one admin session that commit together: while a task runs with
/// a group (`$current.withValue`), the pool runs its work on the group's own connection, each
/// `transaction` as a savepoint of one shared transaction, and `PostgresPool.commit(_:)`
/// ends it with one `COMMIT`. A pipelining client's writes then wait for one WAL flush
/// between them instead of one each, while a request that fails is still undone alone (its
/// savepoint) and every request keeps its own audit entry, inside its own savepoint.
///
/// Opened by `PostgresPool.openGroup()`, which reserves a connection for it; it must end in
/// `commit` or `abandon`, which free the connection.
public final class CommitGroup: Sendable {
    /// The group this task's database work joins; nil: each transaction commits alone.
    @TaskLocal public static var current: CommitGroup?

    /// The pool whose connection the group holds (work for another pool is not grouped).
    let pool: ObjectIdentifier
    /// The pool slot reserved for the group.
    let slot: Int
    /// Whether the shared transaction has begun (lazily, with the first statement), and
    /// the error that broke it: after a lost connection nothing of it can commit, so every
    /// later member fails with the same error. Touched on the slot's queue only; a lock so
    /// the type is plainly `Sendable`.
    private let progress = Mutex<(begun: Bool, failure: PostgresError?)>((false, nil))

    init(pool: PostgresPool, slot: Int) {
        self.pool = ObjectIdentifier(pool)
        self.slot = slot
    }

    var begun: Bool {
        get { progress.withLock { $0.begun } }
        set { progress.withLock { $0.begun = newValue } }
    }

    var failure: PostgresError? {
        get { progress.withLock { $0.failure } }
        set { progress.withLock { $0.failure = newValue } }
    }
}
