import Foundation
import Testing
import VanortDomain
import VanortPostgres
import VanortStore
import VanortTestSupport

@Suite struct ReminderStoreTests {
    /// A migrated database with the home city Linköping in `zone`, and a store over it.
    private func withStore(zone: String, _ body: (ReminderStore, TestDatabase) async throws -> Void) async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { try MigrationRunner().migrate($0) }
            try await database.query(SQL("INSERT INTO city (name, country, timezone) VALUES ('Linköping', 'SE', $1)", zone))
            let pool = database.pool(size: 1)
            try await body(ReminderStore(pool: pool, homeCity: "Linköping"), database)
            await pool.closeAll()
        }
    }

    /// The first row's due instant, in UTC as ISO 8601 (`2031-06-01T07:00:00Z`).
    private func dueAt(_ records: Records) -> String? {
        guard let column = records.columns.firstIndex(of: "due_at"), case .instant(let date) = records.rows.first?[column] else { return nil }
        return ISO8601DateFormatter().string(from: date)
    }

    @Test func aBareTimeIsReadInTheHomeCitysZoneEvenAfterTheZoneChangedSinceTheLastAdd() async throws {
        try await withStore(zone: "Europe/Stockholm") { store, database in
            let summer = try await store.add(["at": "2031-06-01 09:00", "note": "före"])
            #expect(dueAt(summer) == "2031-06-01T07:00:00Z")
            try await database.query("UPDATE city SET timezone = 'Europe/Helsinki' WHERE name = 'Linköping'")
            // The store guessed Stockholm; the write's own check refuses the guess and the
            // store reads the zone afresh, then remembers it.
            let moved = try await store.add(["at": "2031-06-01 09:00", "note": "efter"])
            #expect(dueAt(moved) == "2031-06-01T06:00:00Z")
            let again = try await store.add(["at": "2031-06-02 09:00", "note": "igen"])
            #expect(dueAt(again) == "2031-06-02T06:00:00Z")
            // A typed zone wins over the home city's, and an offset over both.
            let typed = try await store.add(["at": "2031-06-01 09:00", "timezone": "America/Los_Angeles", "note": "Palo Alto"])
            #expect(dueAt(typed) == "2031-06-01T16:00:00Z")
            let offset = try await store.add(["at": "2031-06-01T09:00+05:30", "note": "offset"])
            #expect(dueAt(offset) == "2031-06-01T03:30:00Z")
            #expect(try await database.query("SELECT count(*) AS n FROM reminder").first?.decode(Int.self, "n") == 5)
            // The read-back without joins says what `reminder show` says.
            let id = try #require(typed.rows.first?.first.flatMap { if case .integer(let id) = $0 { id } else { nil } })
            #expect(try await store.show(id) == typed)
        }
    }

    @Test func aTimeMoreThanAMinutePastIsRefusedNamingTheFieldAndNothingIsWritten() async throws {
        try await withStore(zone: "Europe/Stockholm") { store, database in
            for zoneChanged in [false, true] {
                if zoneChanged { try await database.query("UPDATE city SET timezone = 'Europe/Vilnius'") }
                do {
                    _ = try await store.add(["at": "2020-01-01 09:00", "note": "för sent"])
                    Issue.record("a past time was accepted")
                } catch let error as ValidationError {
                    #expect(error.field == "at")
                    #expect(error.rule.contains("past"), "\(error)")
                }
            }
            #expect(try await database.query("SELECT count(*) AS n FROM reminder").first?.decode(Int.self, "n") == 0)
        }
    }

    @Test func onlyRemindersDueWithinADayAreAnnouncedToTheDaemons() async throws {
        try await withStore(zone: "Europe/Stockholm") { store, database in
            let listener = try PostgresConnection(url: database.url)
            try listener.query("LISTEN vanort_reminders")
            let formatter = ISO8601DateFormatter()
            let soon = Date().addingTimeInterval(3600)
            _ = try await store.add(["at": formatter.string(from: soon), "note": "inom en timme"])
            _ = try await store.add(["at": "2031-06-01 09:00", "note": "om flera år"])
            var payloads: [String] = []
            try await eventually("the near reminder to be announced", poll: .milliseconds(50)) {
                payloads += try listener.notifications()
                return !payloads.isEmpty
            }
            try await Task.sleep(for: .milliseconds(200))
            payloads += try listener.notifications()
            #expect(payloads.count == 1, "\(payloads)")
            #expect(payloads.first.flatMap(Double.init).map { abs($0 - soon.timeIntervalSince1970) < 1 } == true, "\(payloads)")
            listener.close()
        }
    }

    @Test func theQueueOfPendingRemindersFollowsEveryChangeAndTheSchedulerLooksAtItsHead() async throws {
        try await withStore(zone: "Europe/Stockholm") { store, database in
            func queued() async throws -> [Int: Date] {
                var queue: [Int: Date] = [:]
                for row in try await database.query("SELECT reminder_id, next_attempt_at FROM pending_reminder") {
                    queue[try row.decode(Int.self, "reminder_id")] = try row.decode(Date.self, "next_attempt_at")
                }
                return queue
            }
            func id(_ records: Records) throws -> Int { try #require(records.first?.integer("id")) }
            let march = try id(try await store.add(["at": "2031-03-15 09:00", "note": "Ring Kecskemét"]))
            let june = try id(try await store.add(["at": "2031-06-01 09:00", "note": "Utena"]))
            #expect(try await queued() == [
                march: Date(timeIntervalSince1970: 1_931_328_000), june: Date(timeIntervalSince1970: 1_938_063_600),
            ])
            let wait = try #require(try await store.secondsUntilNextDue())
            #expect(abs(wait - Date(timeIntervalSince1970: 1_931_328_000).timeIntervalSinceNow) < 60)

            _ = try await store.snooze(march, until: "2031-07-01 09:00")
            #expect(try await queued()[march] == Date(timeIntervalSince1970: 1_940_655_600))
            _ = try await store.cancel(june)
            #expect(try await queued().keys.sorted() == [march])
            // A lease on the head sends the scheduler to the lease's end, not the reminder's due time.
            try await database.query(SQL(
                "UPDATE reminder SET claimed_by = 'd', lease_until = now() + interval '30 seconds' WHERE id = $1", march))
            let leased = try #require(try await store.secondsUntilNextDue())
            #expect(leased > 25 && leased <= 30)
            try await database.query(SQL("UPDATE reminder SET state = 'sent', claimed_by = NULL, lease_until = NULL WHERE id = $1", march))
            #expect(try await queued().isEmpty)
            #expect(try await store.secondsUntilNextDue() == nil)
            // Back to pending by hand (SQL, as an administrator might): queued again.
            try await database.query(SQL("UPDATE reminder SET state = 'pending' WHERE id = $1", march))
            #expect(try await queued().keys.sorted() == [march])
            try await database.query(SQL("DELETE FROM reminder WHERE id = $1", march))
            #expect(try await queued().isEmpty)
        }
    }
}
