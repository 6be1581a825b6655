import Testing
import VanortDomain
import VanortPostgres
import VanortStore
import VanortTestSupport

/// The association scope as the store enforces it by itself, with no command layer in
/// front: a caller that forgot to check the role still cannot reach past it.
@Suite struct RecordScopeTests {
    @Test func theStoreRefusesWhatAnAssociationMayNotReachWhateverTheCaller() async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { try MigrationRunner().migrate($0) }
            let pool = database.pool(size: 2)
            let store = RegisterStore(pool: pool, homeCity: "Linköping")
            _ = try await store.add(.city, ["name": "Linköping", "country": "SE", "timezone": "Europe/Stockholm"])
            _ = try await store.add(.association, ["name": "Own", "kind": "club", "city": "1"])
            _ = try await store.add(.association, ["name": "Other", "kind": "club", "city": "1"])
            _ = try await store.add(.city, ["name": "Palo Alto", "country": "US", "timezone": "America/Los_Angeles"])
            _ = try await store.add(.visit, ["city": "2", "direction": "incoming", "from": "2027-05-03", "to": "2027-05-04", "association": "2"])
            _ = try await store.add(.agreement, ["city": "Palo Alto", "kind": "twin-town"])
            let own = RecordScope.association(id: 1)

            await #expect(throws: StoreError.denied("an association may not read agreement records")) {
                try await store.list(.agreement, filters: [:], scope: own)
            }
            await #expect(throws: StoreError.self) { try await store.show(.rule, "1", scope: own) }
            await #expect(throws: StoreError.self) { try await store.add(.city, ["name": "X", "country": "SE"], scope: own) }
            await #expect(throws: StoreError.notFound(noun: "visit", reference: "1")) { try await store.show(.visit, "1", scope: own) }
            await #expect(throws: StoreError.self) {
                try await store.update(.visit, "1", changes: ["purpose": "mine now"], ifVersion: nil, scope: own)
            }
            await #expect(throws: StoreError.self) { try await store.delete(.visit, "1", scope: own) }
            #expect(try await store.list(.visit, filters: [:], scope: own).count == 0)
            #expect(try await store.upcoming(days: 3650, scope: own).count == 0)
            #expect(try await store.list(.association, filters: [:], scope: own).count == 1)

            let added = try await store.add(.visit, ["city": "2", "direction": "outgoing", "from": "2027-06-01", "to": "2027-06-02"], scope: own)
            #expect(added.firstText("association") == "Own")
            #expect(try await store.list(.visit, filters: [:], scope: own).count == 1)
            #expect(try await store.list(.visit, filters: [:]).count == 2)
            let purpose = try await database.query("SELECT purpose FROM visit WHERE id = 1").first?.decodeIfPresent(String.self, "purpose")
            #expect(purpose == nil)
            await pool.closeAll()
        }
    }
}
