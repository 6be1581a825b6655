import Testing
import VanortDomain
import VanortPostgres
import VanortProtocol
import VanortStore
import VanortTestSupport

@Suite struct RegisterStoreTests {
    /// A migrated database with a register store on it.
    private func withStore(_ body: (RegisterStore, TestDatabase) async throws -> Void) async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { try MigrationRunner().migrate($0) }
            let pool = database.pool(size: 2)
            try await body(RegisterStore(pool: pool, homeCity: "Linköping"), database)
            await pool.closeAll()
        }
    }

    private func addCities(_ store: RegisterStore) async throws {
        _ = try await store.add(.city, ["name": "Linköping", "country": "SE", "timezone": "Europe/Stockholm"])
        _ = try await store.add(.city, ["name": "Kecskemét", "country": "HU", "timezone": "Europe/Budapest"])
        _ = try await store.add(.city, ["name": "Palo Alto", "country": "US", "timezone": "America/Los_Angeles"])
    }

    private func count(_ table: String, _ database: TestDatabase) async throws -> Int {
        try await database.query(.unsafeRaw("SELECT count(*) AS n FROM \(table)")).first?.decode(Int.self, "n") ?? -1
    }

    @Test func theStoreFiltersAreTheCatalogsFilters() {
        for noun in Noun.allCases {
            let catalog = Set(RegisterCatalog.spec(noun.rawValue)?.filters.map(\.key) ?? [])
            #expect(RegisterStore.filterKeys(for: noun) == catalog, "\(noun)")
        }
    }

    @Test func everyNounAddsShowsListsUpdatesAndDeletes() async throws {
        try await withStore { store, database in
            try await addCities(store)
            // Records the others point at: exchange 1, agreement 1, plan 1.
            _ = try await store.add(.exchange, ["city": "Kecskemét", "from": "2027-07-01", "to": "2027-07-10"])
            _ = try await store.add(.agreement, ["city": "Palo Alto", "kind": "sister-city"])
            _ = try await store.add(.plan, ["agreement": "1", "title": "Base plan", "from": "2027-01-01", "to": "2027-12-31"])
            let inputs: [(Noun, [String: String], [String: String])] = [
                (.city, ["name": "Utena", "country": "LT", "timezone": "Europe/Vilnius"], ["region": "Utena County"]),
                (.agreement, ["city": "Kecskemét", "kind": "twin-town", "since": "2004", "areas": "education,culture"], ["status": "dormant"]),
                (.association, ["name": "Palo Alto-föreningen", "city": "Linköping", "partner-city": "Palo Alto"], ["email": "info@example.org"]),
                (.contact, ["name": "Anna Berg", "city": "Linköping", "staff": "true"], ["title": "Coordinator"]),
                (.visit, ["city": "Palo Alto", "direction": "outgoing", "from": "2027-05-03", "to": "2027-05-09"], ["participants": "12"]),
                (.exchange, ["city": "Kecskemét", "from": "2027-08-01", "to": "2027-08-10", "funding": "eu"], ["leaders": "2"]),
                (.participant, ["exchange": "1", "name": "Omar Haddad", "birth-date": "1990-01-01"], ["role": "leader"]),
                (.network, ["name": "Smart City Alliance", "members": "Palo Alto,Linköping"], ["status": "dormant"]),
                (.plan, ["agreement": "1", "title": "Plan 2028", "from": "2028-01-01", "to": "2028-12-31"], ["notes": "draft"]),
                (.activity, ["plan": "1", "title": "Study visit"], ["status": "done"]),
            ]
            for (noun, input, change) in inputs {
                let before = try await store.list(noun, filters: [:]).count
                let added = try #require(try await store.add(noun, input).first)
                let id = try #require(added.integer("id"))
                #expect(added.integer("version") == 1)
                #expect(try await store.show(noun, String(id)).count == 1)
                #expect(try await store.list(noun, filters: [:]).count == before + 1)
                let updated = try #require(try await store.update(noun, String(id), changes: change, ifVersion: 1).first)
                #expect(updated.integer("version") == 2)
                let (key, value) = try #require(change.first)
                #expect(updated.text(key) == value, "\(noun) \(key)")
                #expect(try await store.delete(noun, String(id)) == id)
                await #expect(throws: StoreError.notFound(noun: noun.rawValue, reference: String(id))) {
                    try await store.show(noun, String(id))
                }
            }
            #expect(try await count("agreement_party", database) == 2)
            #expect(try await count("network_member", database) == 0)
        }
    }

    @Test func searchIgnoresCaseAndDiacritics() async throws {
        try await withStore { store, _ in
            try await addCities(store)
            let found = try await store.list(.city, filters: ["search": "kecskemet"])
            #expect(found.firstText("name") == "Kecskemét")
            #expect(try await store.list(.city, filters: ["search": "LINKOPING"]).count == 1)
            #expect(try await store.list(.city, filters: ["search": "%"]).count == 0)
            _ = try await store.add(.agreement, ["city": "kecskemet", "kind": "twin-town", "areas": "culture"])
            #expect(try await store.list(.agreement, filters: ["city": "Kecskemét", "area": "culture"]).count == 1)
            #expect(try await store.list(.agreement, filters: ["area": "sport"]).count == 0)
        }
    }

    @Test func aStaleVersionIsAConflictAndChangesNothing() async throws {
        try await withStore { store, _ in
            try await addCities(store)
            _ = try await store.update(.city, "Palo Alto", changes: ["population": "68000"], ifVersion: nil)
            await #expect(throws: StoreError.versionConflict(noun: "city", id: 3, expected: 1, current: 2)) {
                try await store.update(.city, "3", changes: ["population": "1"], ifVersion: 1)
            }
            #expect(try await store.show(.city, "3").firstText("population") == "68000")
        }
    }

    @Test func invalidInputNamesTheFieldAndWritesNothing() async throws {
        try await withStore { store, database in
            try await addCities(store)
            let bad: [(Noun, [String: String], String)] = [
                (.visit, ["city": "Palo Alto", "direction": "outgoing", "from": "2027-02-30", "to": "2027-03-01"], "from"),
                (.visit, ["city": "Atlantis", "direction": "outgoing", "from": "2027-03-01", "to": "2027-03-02"], "city"),
                (.agreement, ["city": "Kecskemét", "kind": "twin-town", "home": "Nowhere"], "home"),
                (.city, ["name": "Utena", "country": "LT", "timezone": "Europe/Vilnus"], "timezone"),
                (.association, ["name": "X", "city": "Linköping", "email": "not-an-email"], "email"),
            ]
            for (noun, input, field) in bad {
                do {
                    _ = try await store.add(noun, input)
                    Issue.record("\(noun) accepted \(input)")
                } catch let error as ValidationError {
                    #expect(error.field == field)
                }
            }
            #expect(try await count("visit", database) == 0)
            #expect(try await count("agreement", database) == 0)
            #expect(try await count("agreement_party", database) == 0)
            #expect(try await count("city", database) == 3)
        }
    }

    @Test func deletingAReferencedCityIsRefusedNotCascaded() async throws {
        try await withStore { store, database in
            try await addCities(store)
            _ = try await store.add(.agreement, ["city": "Kecskemét", "kind": "twin-town"])
            do {
                _ = try await store.delete(.city, "Kecskemét")
                Issue.record("deleted a referenced city")
            } catch let error as StoreError {
                // The store tells the foreign key's refusal in the register's words.
                #expect(error == .stillReferenced(noun: "city", id: "2", by: "agreement"))
            }
            #expect(try await count("agreement_party", database) == 2)
        }
    }

    @Test func anAmbiguousNameListsTheCandidates() async throws {
        try await withStore { store, _ in
            _ = try await store.add(.city, ["name": "Lund", "country": "SE", "timezone": "Europe/Stockholm"])
            _ = try await store.add(.city, ["name": "Lund", "country": "NO", "timezone": "Europe/Oslo"])
            do {
                _ = try await store.show(.city, "Lund")
                Issue.record("an ambiguous name resolved")
            } catch let StoreError.ambiguous(field, _, candidates) {
                #expect(field == "city")
                #expect(candidates == ["1 Lund, SE", "2 Lund, NO"])
            }
        }
    }

    @Test func textWithQuotesAndSQLIsStoredVerbatim() async throws {
        try await withStore { store, _ in
            let hostile = "Robert'); DROP TABLE city; -- \"quoted\" ; \\ åäö"
            let row = try #require(try await store.add(.city, ["name": hostile, "country": "SE", "timezone": "Europe/Stockholm", "notes": hostile]).first)
            #expect(row.text("name") == hostile)
            #expect(try await store.show(.city, hostile).firstText("notes") == hostile)
        }
    }

    @Test func aMinorNeedsAGuardianAndMinorIsDerived() async throws {
        try await withStore { store, database in
            try await addCities(store)
            let exchange = try #require(try await store.add(.exchange, ["city": "Kecskemét", "from": "2027-07-01", "to": "2027-07-10"]).first)
            let exchangeID = try #require(exchange.text("id"))
            // 18 on 2027-07-02: a minor on the first day.
            let child = ["exchange": exchangeID, "name": "Liv Ek", "birth-date": "2009-07-02"]
            await #expect(throws: ValidationError.self) { try await store.add(.participant, child) }
            #expect(try await count("participant", database) == 0)
            let added = try #require(try await store.add(.participant, child.merging(["guardian": "Per Ek", "guardian-email": "per@example.org"]) { $1 }).first)
            #expect(added["minor"] == .boolean(true))
            let adult = try #require(try await store.add(.participant, ["exchange": exchangeID, "name": "Ann", "birth-date": "2009-07-01"]).first)
            #expect(adult["minor"] == .boolean(false))
            // Moving the exchange earlier would make the adult a minor without a guardian: refused.
            await #expect(throws: ValidationError.self) {
                try await store.update(.exchange, exchangeID, changes: ["from": "2027-06-01"], ifVersion: nil)
            }
            #expect(try await store.show(.exchange, exchangeID).firstText("from") == "2027-07-01")
            await #expect(throws: ValidationError.self) {
                try await store.add(.participant, ["exchange": "999", "name": "X", "birth-date": "2000-01-01"])
            }
        }
    }

    @Test func upcomingListsVisitsAndExchangesSoonestFirst() async throws {
        try await withStore { store, database in
            try await addCities(store)
            let dates = try await database.query(
                "SELECT (current_date + 3)::text AS a, (current_date + 5)::text AS b, (current_date + 40)::text AS c").first
            let a = try #require(try dates?.text("a")), b = try #require(try dates?.text("b")), c = try #require(try dates?.text("c"))
            _ = try await store.add(.exchange, ["city": "Kecskemét", "from": b, "to": c])
            _ = try await store.add(.visit, ["city": "Palo Alto", "direction": "incoming", "from": a, "to": b])
            _ = try await store.add(.visit, ["city": "Palo Alto", "direction": "incoming", "from": c, "to": c])
            _ = try await store.add(.visit, ["city": "Palo Alto", "direction": "incoming", "from": a, "to": a, "status": "cancelled"])
            let rows = try await store.upcoming(days: 30)
            #expect(rows.texts("type") == ["visit", "exchange"])
            #expect(rows.texts("from") == [a, b])
        }
    }

    @Test func networkMembersKeepTheDateTheyJoined() async throws {
        try await withStore { store, database in
            try await addCities(store)
            _ = try await store.add(.network, ["name": "Smart City Alliance", "members": "Palo Alto,Linköping", "joined": "2014-05-01"])
            let updated = try #require(try await store.update(.network, "smart city alliance", changes: ["members": "Palo Alto,Linköping,Kecskemét"], ifVersion: 1).first)
            #expect(updated["members"] == .list(["Kecskemét", "Linköping", "Palo Alto"]))
            #expect(updated["members_joined"] == .list(["Linköping 2014-05-01", "Palo Alto 2014-05-01"]))
            // An update never drops members silently: leaving is `network member remove`.
            await #expect(throws: ValidationError.self) { try await store.update(.network, "1", changes: ["members": "Kecskemét"], ifVersion: nil) }
            #expect(try await count("network_member", database) == 3)
            await #expect(throws: ValidationError.self) { try await store.update(.network, "1", changes: ["members": ""], ifVersion: nil) }
        }
    }

    @Test func plansCountTheirActivitiesAndKeepThemFromBeingOrphaned() async throws {
        try await withStore { store, _ in
            try await addCities(store)
            _ = try await store.add(.contact, ["name": "Anna Berg"])
            _ = try await store.add(.agreement, ["city": "Palo Alto", "kind": "sister-city", "since": "1987"])
            _ = try await store.add(.plan, ["agreement": "1", "title": "Plan 2027", "from": "2027-01-01", "to": "2027-12-31"])
            _ = try await store.add(.activity, ["plan": "1", "title": "Study visit", "owner": "Anna Berg", "due": "2027-05-01"])
            _ = try await store.add(.activity, ["plan": "1", "title": "Report", "status": "done"])
            let plan = try #require(try await store.show(.plan, "1").first)
            #expect(plan.integer("open_activities") == 1)
            #expect(plan.integer("done_activities") == 1)
            #expect(try await store.list(.activity, filters: ["owner": "anna berg"]).count == 1)
            #expect(try await store.list(.activity, filters: ["plan": "1"]).count == 2)
            #expect(try await store.list(.plan, filters: ["agreement": "1"]).count == 1)
            do {
                _ = try await store.list(.activity, filters: ["plan": "42"])
                Issue.record("a filter on a missing plan was accepted")
            } catch let error as ValidationError {
                #expect(error.field == "plan")
            }
            await #expect(throws: ValidationError.self) {
                try await store.add(.plan, ["agreement": "1", "title": "Backwards", "from": "2027-12-31", "to": "2027-01-01"])
            }
            await #expect(throws: ValidationError.self) { try await store.add(.activity, ["plan": "42", "title": "Orphan"]) }
            await #expect(throws: StoreError.stillReferenced(noun: "plan", id: "1", by: "activity")) { try await store.delete(.plan, "1") }
        }
    }
}
