import Foundation
import Testing
import VanortDomain
import VanortPostgres
import VanortStore
import VanortTestSupport

@Suite struct ReminderLockSessionTests {
    /// A migrated database with `count` ad-hoc reminders already due, and a reminder store.
    private func withDueReminders(_ count: Int, _ body: (ReminderStore, TestDatabase) async throws -> Void) async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { try MigrationRunner().migrate($0) }
            try await database.query(SQL(
                """
                INSERT INTO reminder (due_at, next_attempt_at, note)
                SELECT now() - interval '5 seconds', now() - interval '5 seconds', 'due ' || n FROM generate_series(1, $1::integer) n
                """, count))
            let pool = database.pool(size: 2)
            try await body(ReminderStore(pool: pool, homeCity: "Linköping"), database)
            await pool.closeAll()
        }
    }

    private func sentByLog(_ batch: ReminderLockSession.Batch) -> [(DueReminder, [DeliveryAttempt])] {
        batch.reminders.map { ($0, [DeliveryAttempt(channel: "log", key: "log", result: .sent)]) }
    }

    private func count(_ sql: SQL, _ database: TestDatabase) async throws -> Int {
        try await database.query(sql).first?.decode(Int.self, "n") ?? -1
    }

    @Test func aHeldBatchIsNobodyElsesUntilRecordedAndIsRecordedOnceWithItsLateness() async throws {
        try await withDueReminders(30) { store, database in
            let one = ReminderLockSession(store: store, label: "test.one")
            let two = ReminderLockSession(store: store, label: "test.two")
            let first = try #require(try await one.claim(limit: 20, daemon: "one"))
            #expect(first.reminders.count == 20)
            #expect(first.reminders.allSatisfy { $0.attempt == 1 && !$0.redelivery && $0.lateSeconds >= 4 })
            // The other loop gets only what the first does not hold.
            let second = try #require(try await two.claim(limit: 20, daemon: "two"))
            #expect(second.reminders.count == 10)
            #expect(Set(first.reminders.map(\.id)).isDisjoint(with: second.reminders.map(\.id)))
            // Each batch is named by a committed marker while it is held.
            #expect(try await count("SELECT count(*) AS n FROM delivery_batch", database) == 2)
            try await one.record(first, sentByLog(first), daemon: "one", policy: RetryPolicy())
            try await two.record(second, sentByLog(second), daemon: "two", policy: RetryPolicy())
            #expect(try await one.claim(limit: 20, daemon: "one") == nil)
            #expect(try await count("SELECT count(*) AS n FROM reminder WHERE state = 'sent' AND attempts = 1 AND late_seconds >= 4 AND NOT redelivery", database) == 30)
            #expect(try await count("SELECT count(DISTINCT reminder_id) AS n FROM delivery WHERE channel = 'log' AND result = 'sent'", database) == 30)
            #expect(try await count("SELECT count(*) AS n FROM delivery", database) == 30)
            #expect(try await count("SELECT count(*) AS n FROM delivery_batch", database) == 0)
            #expect(try await count("SELECT count(*) AS n FROM reminder WHERE sent_at IS NULL OR claimed_by IS NOT NULL", database) == 0)
            await one.abandon()
            await two.abandon()
        }
    }

    @Test func aBatchTakesTheLongestDueFirstAndLeavesWhatIsNotDueOrLeased() async throws {
        try await withDueReminders(0) { store, database in
            // Due 1 to 5 minutes ago (the fifth is the longest due), one due tomorrow, one
            // under another daemon's live lease.
            let ids = try await database.query(
                """
                INSERT INTO reminder (due_at, next_attempt_at, note)
                SELECT now() - interval '1 minute' * n, now() - interval '1 minute' * n, 'due ' || n FROM generate_series(1, 5) n
                RETURNING id
                """).map { try $0.decode(Int.self, "id") }
            try await database.query(
                """
                INSERT INTO reminder (due_at, next_attempt_at, note) VALUES (now() + interval '1 day', now() + interval '1 day', 'tomorrow')
                """)
            try await database.query(
                """
                INSERT INTO reminder (due_at, next_attempt_at, note, claimed_by, lease_until)
                VALUES (now() - interval '1 hour', now() - interval '1 hour', 'leased', 'other', now() + interval '1 minute')
                """)
            let session = ReminderLockSession(store: store, label: "test.order")
            let batch = try #require(try await session.claim(limit: 2, daemon: "one"))
            #expect(batch.reminders.map(\.id) == [ids[4], ids[3]])
            try await session.record(batch, sentByLog(batch), daemon: "one", policy: RetryPolicy())
            let rest = try #require(try await session.claim(limit: 10, daemon: "one"))
            #expect(rest.reminders.map(\.id) == [ids[2], ids[1], ids[0]])
            try await session.record(rest, sentByLog(rest), daemon: "one", policy: RetryPolicy())
            #expect(try await session.claim(limit: 10, daemon: "one") == nil)
            await session.abandon()
        }
    }

    @Test func aBatchWhoseDelivererDiedIsTakenAtOnceAndFlaggedAsARedelivery() async throws {
        try await withDueReminders(5) { store, database in
            let dying = ReminderLockSession(store: store, label: "test.dying")
            let batch = try #require(try await dying.claim(limit: 10, daemon: "dying"))
            #expect(batch.reminders.count == 5)
            // Its connection goes (as with SIGKILL): the locks go with it, the marker stays.
            await dying.abandon()
            #expect(try await count("SELECT count(*) AS n FROM delivery_batch", database) == 1)
            let heir = ReminderLockSession(store: store, label: "test.heir")
            let taken = try #require(try await heir.claim(limit: 10, daemon: "heir"))
            #expect(Set(taken.reminders.map(\.id)) == Set(batch.reminders.map(\.id)))
            #expect(taken.reminders.allSatisfy { $0.redelivery && $0.attempt == 1 })
            try await heir.record(taken, sentByLog(taken), daemon: "heir", policy: RetryPolicy())
            #expect(try await count("SELECT count(*) AS n FROM reminder WHERE state = 'sent' AND redelivery", database) == 5)
            // Both markers are gone: the heir's own, and the dead one's, whose reminders are sent.
            #expect(try await count("SELECT count(*) AS n FROM delivery_batch", database) == 0)
            await heir.abandon()
        }
    }

    @Test func aFailedChannelIsRetriedLaterAndOnlyAfterTheLastAttemptFails() async throws {
        try await withDueReminders(1) { store, database in
            let session = ReminderLockSession(store: store, label: "test.retry")
            let policy = RetryPolicy(maxAttempts: 2, baseSeconds: 0, maximumSeconds: 0)
            for attempt in 1...2 {
                let batch = try #require(try await session.claim(limit: 10, daemon: "d"))
                #expect(batch.reminders.map(\.attempt) == [attempt])
                let failed = batch.reminders.map { ($0, [DeliveryAttempt(channel: "log", key: "log", result: .failed, error: "disk full")]) }
                try await session.record(batch, failed, daemon: "d", policy: policy)
            }
            #expect(try await count("SELECT count(*) AS n FROM reminder WHERE state = 'failed' AND attempts = 2 AND last_error LIKE '%disk full%'", database) == 1)
            #expect(try await count("SELECT count(*) AS n FROM delivery WHERE result = 'failed'", database) == 2)
            await session.abandon()
        }
    }
}
