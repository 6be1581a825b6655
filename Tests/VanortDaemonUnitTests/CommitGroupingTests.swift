import Testing
@testable import VanortDaemon

/// Which pipelined requests commit together, decided without a socket or a database.
@Suite struct CommitGroupingTests {
    /// The steps for a run of requests received together: `true` a write that may share a
    /// commit, `false` anything else; then what the end of the run adds.
    static func steps(_ writes: [Bool], capacity: Int = 32) -> [[CommitGrouping.Step]] {
        var grouping = CommitGrouping(capacity: capacity)
        var steps = writes.indices.map { grouping.received(sharesCommit: writes[$0], moreReceived: $0 + 1 < writes.count) }
        steps.append(grouping.receivedAll())
        return steps
    }

    @Test func writesReceivedTogetherShareOneCommitAfterTheLast() {
        #expect(Self.steps([true, true, true]) == [[.open, .join], [.join], [.join], [.commit]])
    }

    @Test func aWriteSentAloneRunsAloneSoAClientThatWaitsNeverWaitsOnAGroup() {
        #expect(Self.steps([true]) == [[.runAlone], []])
    }

    @Test func aReadCommitsTheWritesBeforeItThenRunsAloneSoItSeesThem() {
        #expect(Self.steps([true, true, false, true]) == [[.open, .join], [.join], [.commit, .runAlone], [.runAlone], []])
    }

    @Test func aFullGroupCommitsAndTheNextWriteOpensAnother() {
        #expect(Self.steps([true, true, true, true, true], capacity: 2) == [
            [.open, .join], [.join, .commit], [.open, .join], [.join, .commit], [.runAlone], [],
        ])
    }

    @Test func theLastRequestReceivedJoinsTheOpenGroupWhichCommitsWhenTheBatchEnds() {
        var grouping = CommitGrouping(capacity: 32)
        #expect(grouping.received(sharesCommit: true, moreReceived: true) == [.open, .join])
        #expect(grouping.received(sharesCommit: true, moreReceived: false) == [.join])
        #expect(grouping.members == 2)
        #expect(grouping.receivedAll() == [.commit])
        #expect(grouping.members == 0)
        #expect(grouping.receivedAll() == [])
    }
}
