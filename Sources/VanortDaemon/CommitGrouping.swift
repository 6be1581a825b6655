/// Which of a session's requests commit together, decided without I/O: a write that may
/// share a commit (`Command.sharesCommit`, allowed for its role) joins a group when another
/// request was already received behind it or a group is open; anything else first commits
/// the open group, then runs alone. A group commits when it is full, when the requests
/// already received run out, or before a request that does not join it, so a read sees
/// the writes sent before it and a client that waits for each reply never waits on a group.
///
/// The session loop (`AdminServer`) carries the steps out: it opens and commits the
/// group (`PostgresPool.openGroup`, `CommandRouter.commit`) and holds the members' replies
/// until the commit.
struct CommitGrouping: Sendable {
    /// What the session does next, in order.
    enum Step: Equatable, Sendable {
        /// Open a group (the session is busy until its replies are out).
        case open
        /// Run the request as the open group's next member; its reply waits for the commit.
        case join
        /// Commit the open group and send its replies.
        case commit
        /// Run the request on its own and send its reply.
        case runAlone
    }

    /// Members of one group at most (`AdminServer.groupedRequests` says why 32).
    let capacity: Int
    /// Members of the open group so far; 0: none is open.
    private(set) var members = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// The steps for a request just framed: `sharesCommit` whether it is a write that may
    /// commit with others, `moreReceived` whether another request already arrived behind it.
    mutating func received(sharesCommit: Bool, moreReceived: Bool) -> [Step] {
        guard sharesCommit, members > 0 || moreReceived else {
            return finish() + [.runAlone]
        }
        var steps: [Step] = members == 0 ? [.open, .join] : [.join]
        members += 1
        if members == capacity { steps += finish() }
        return steps
    }

    /// The steps once the requests already received are all handled (or the session
    /// ends): the open group commits.
    mutating func receivedAll() -> [Step] {
        finish()
    }

    private mutating func finish() -> [Step] {
        defer { members = 0 }
        return members > 0 ? [.commit] : []
    }
}
