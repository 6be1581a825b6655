import Foundation
import Testing
import VanortPostgres
import VanortTestSupport

@Suite struct PostgresConnectionTests {
    @Test func aStatementIsPreparedOnceAndPreparedAfreshWhenItsTableChanges() async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { connection throws in
                try connection.query("CREATE TABLE town (name text)")
                for name in ["Utena", "Rockford", "Xindu"] {
                    try connection.query(SQL("INSERT INTO town VALUES ($1)", name))
                }
                let kept = try connection.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE 'INSERT INTO town%'")
                #expect(try kept.first?.decode(Int.self, "n") == 1)

                #expect(try connection.query("SELECT * FROM town ORDER BY name").columns == ["name"])
                // Another session changes the table under the kept statement (as a migration would).
                try database.connect().query("ALTER TABLE town ADD COLUMN country text DEFAULT 'LT'")
                let after = try connection.query("SELECT * FROM town ORDER BY name")
                #expect(after.columns == ["name", "country"])
                #expect(try after.first?.decode(String.self, "name") == "Rockford")
            }
        }
    }

    @Test func aStatementPlannedForEachRunIsNeverKeptAndItsErrorLeavesTheConnectionUsable() async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { connection throws in
                try connection.query("CREATE TABLE town (id bigint, name text)")
                for (id, name) in [(1, "Utena"), (2, "Rockford"), (3, "Xindu")] {
                    try connection.query(SQL("INSERT INTO town VALUES ($1, $2)", id, name))
                }
                let picked = try connection.query(
                    SQL("SELECT name FROM town WHERE id = ANY($1::bigint[]) ORDER BY name", ["1", "3"]).plannedForEachRun())
                #expect(try picked.map { try $0.decode(String.self, "name") } == ["Utena", "Xindu"])
                let kept = try connection.query("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE 'SELECT name FROM town%'")
                #expect(try kept.first?.decode(Int.self, "n") == 0)
                #expect(throws: PostgresError.self) {
                    try connection.query(SQL("SELECT name FROM town WHERE id = $1", "not a number").plannedForEachRun())
                }
                #expect(try connection.query("SELECT count(*) AS n FROM town").first?.decode(Int.self, "n") == 3)
            }
        }
    }

    @Test func everyTypeRoundTripsIncludingNull() async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { connection throws in
                try connection.query(
                    """
                    CREATE TABLE sample (
                        i integer, b bigint, t text, f boolean, n numeric(12,2), d date,
                        ts timestamptz, u uuid, a text[]
                    )
                    """)
                let id = UUID()
                let instant = Date(timeIntervalSince1970: 1_809_417_600.25)  // 2027-05-04T08:00:00.25Z
                let list = ["Linköping", "a,b", "with \"quotes\"", "back\\slash", "{brace}", "NULL", "", "Å\"ö\\🇭🇺"]
                try connection.query(
                    SQL(
                        "INSERT INTO sample VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                        42, Int64(9_000_000_000), "Kecskemét 🇭🇺", true, Decimal(string: "1250.50"),
                        PostgresDate(year: 2027, month: 2, day: 28), instant, id, list))
                try connection.query(SQL("INSERT INTO sample VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                    nil, nil, nil, nil, nil, nil, nil, nil, nil))

                let rows = try connection.query("SELECT * FROM sample ORDER BY i NULLS LAST")
                #expect(rows.count == 2)
                let row = try #require(rows.first)
                #expect(try row.decode(Int.self, "i") == 42)
                #expect(try row.decode(Int64.self, "b") == 9_000_000_000)
                #expect(try row.decode(String.self, "t") == "Kecskemét 🇭🇺")
                #expect(try row.decode(Bool.self, "f") == true)
                #expect(try row.decode(Decimal.self, "n") == Decimal(string: "1250.50"))
                #expect(try row.decode(PostgresDate.self, "d") == PostgresDate(year: 2027, month: 2, day: 28))
                #expect(try row.decode(Date.self, "ts") == instant)
                #expect(try row.decode(UUID.self, "u") == id)
                #expect(try row.decode([String].self, "a") == list)

                let nulls = Array(rows)[1]
                for column in ["i", "b", "t", "f", "n", "d", "ts", "u", "a"] {
                    #expect(try nulls.text(column) == nil)
                }
                #expect(try nulls.decodeIfPresent(Int.self, "i") == nil)
                #expect(throws: PostgresError.self) { try nulls.decode(Int.self, "i") }
            }
        }
    }

    @Test func decodingTheWrongTypeNamesTheColumnAndValue() async throws {
        try await TestDatabase.with { database in
            let row = try #require(try await database.query("SELECT 'abc'::text AS word").first)
            do {
                _ = try row.decode(Int.self, "word")
                Issue.record("decoded text as Int")
            } catch let PostgresError.decoding(column, value, expected) {
                #expect(column == "word")
                #expect(value == "abc")
                #expect(expected == "Int")
            }
        }
    }

    @Test func constraintViolationCarriesSQLStateDetailAndConstraint() async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { connection throws in
                try connection.query("CREATE TABLE city (name text CONSTRAINT city_name_key UNIQUE)")
                try connection.query(SQL("INSERT INTO city VALUES ($1)", "Utena"))
                do {
                    try connection.query(SQL("INSERT INTO city VALUES ($1)", "Utena"))
                    Issue.record("duplicate accepted")
                } catch PostgresError.server(let error) {
                    #expect(error.sqlState == "23505")
                    #expect(error.constraint == "city_name_key")
                    #expect(error.detail?.contains("Utena") == true)
                }
                // The connection stays usable after a statement error.
                #expect(try connection.query("SELECT count(*) AS n FROM city").first?.decode(Int.self, "n") == 1)
            }
        }
    }

    @Test func syntaxErrorsCarryAHintlessServerError() async throws {
        try await TestDatabase.with { database in
            await #expect(throws: PostgresError.self) { try await database.query("SELEC 1") }
            do {
                try await database.query("SELEC 1")
            } catch let error as PostgresError {
                #expect(error.sqlState == "42601")
            }
        }
    }

    @Test func valuesTravelAsParametersNeverAsSQL() async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { connection throws in
                try connection.query("CREATE TABLE note (body text)")
                let hostile = "'); DROP TABLE note; --"
                try connection.query(SQL("INSERT INTO note VALUES ($1)", hostile))
                #expect(try connection.query("SELECT body FROM note").first?.decode(String.self, "body") == hostile)
            }
        }
    }

    @Test func bindAppendsNumberedPlaceholders() {
        var sql: SQL = "SELECT * FROM visit WHERE true"
        sql.append(" AND city = ")
        sql.bind("Utena")
        sql.append(" AND year > ")
        sql.bind(2020)
        #expect(sql.text == "SELECT * FROM visit WHERE true AND city = $1 AND year > $2")
        #expect(sql.bindings == ["Utena", "2020"])
    }

    @Test func transactionRollsBackWhenTheBodyThrows() async throws {
        struct Abort: Error {}
        try await TestDatabase.with { database in
            try await database.withConnection { connection throws in
                try connection.query("CREATE TABLE t (v int)")
                #expect(throws: Abort.self) {
                    try connection.transaction {
                        try connection.query(SQL("INSERT INTO t VALUES ($1)", 1))
                        throw Abort()
                    }
                }
                try connection.transaction { try connection.query(SQL("INSERT INTO t VALUES ($1)", 2)) }
                let values = try connection.query("SELECT v FROM t").map { try $0.decode(Int.self, "v") }
                #expect(values == [2])
            }
        }
    }

    @Test func aTransactionCostsOneRoundTripPerAwaitedStatementAndNoneForBeginCommitOrWhatIsSentAhead() async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { connection throws in
                try connection.query("CREATE TABLE visit (id bigint GENERATED ALWAYS AS IDENTITY, city text)")
                try connection.query("CREATE TABLE audit (about bigint)")
                for city in ["Utena", "Xindu"] {
                    let before = connection.roundTrips
                    let id = try connection.transaction {
                        let id = try connection.query(SQL("INSERT INTO visit (city) VALUES ($1) RETURNING id", city))
                            .first?.decode(Int.self, "id")
                        try connection.sendAhead(SQL("INSERT INTO audit VALUES ($1)", id))
                        return id
                    }
                    // BEGIN with the insert (prepared in the same pipeline the first time), the
                    // audit entry with COMMIT.
                    #expect(connection.roundTrips - before == 2)
                    #expect(id != nil)
                }
                #expect(try connection.query("SELECT count(*) AS n FROM audit").first?.decode(Int.self, "n") == 2)
            }
        }
    }

    @Test func aWriteReadBackWithQueryCommittingCommitsWithItsClosingStatementInOneRoundTrip() async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { connection throws in
                try connection.query("CREATE TABLE visit (id bigint GENERATED ALWAYS AS IDENTITY, city text)")
                try connection.query("CREATE TABLE audit (entry text)")
                for city in ["Utena", "Xindu"] {
                    let before = connection.roundTrips
                    let rows = try connection.transaction(closing: SQL("INSERT INTO audit VALUES ($1)", "visit add \(city)")) {
                        try connection.sendAhead(SQL("SELECT $1::text", city))
                        return try connection.queryCommitting(SQL("INSERT INTO visit (city) VALUES ($1) RETURNING id, city", city))
                    }
                    // BEGIN, what was sent ahead, the write, the closing statement and COMMIT
                    // (with the preparations the first time): one round trip.
                    #expect(connection.roundTrips - before == 1)
                    #expect(try rows.first?.text("city") == city)
                }
                #expect(try connection.query("SELECT count(*) AS n FROM visit").first?.decode(Int.self, "n") == 2)
                #expect(try connection.query("SELECT string_agg(entry, ',' ORDER BY entry) AS e FROM audit").first?.text("e")
                    == "visit add Utena,visit add Xindu")
            }
        }
    }

    @Test func aFailedQueryCommittingLeavesNeitherTheWriteNorItsClosingStatementEvenWhenTheBodyGoesOn() async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { connection throws in
                try connection.query("CREATE TABLE town (name text CONSTRAINT town_name_key UNIQUE)")
                try connection.query("CREATE TABLE audit (entry text)")
                try connection.query(SQL("INSERT INTO town VALUES ($1)", "Utena"))
                do {
                    try connection.transaction(closing: SQL("INSERT INTO audit VALUES ($1)", "town add")) {
                        try connection.sendAhead(SQL("INSERT INTO town VALUES ($1)", "Rockford"))
                        // The body swallows the refusal: the transaction still must not commit.
                        _ = try? connection.queryCommitting(SQL("INSERT INTO town VALUES ($1) RETURNING name", "Utena"))
                    }
                    Issue.record("a refused write committed")
                } catch PostgresError.server(let error) {
                    #expect(error.constraint == "town_name_key")
                }
                #expect(try connection.query("SELECT count(*) AS n FROM town").first?.decode(Int.self, "n") == 1)
                #expect(try connection.query("SELECT count(*) AS n FROM audit").first?.decode(Int.self, "n") == 0)
                // Not left inside an aborted block.
                #expect(try connection.query("SELECT 1 AS one").first?.decode(Int.self, "one") == 1)
            }
        }
    }

    @Test func anErrorSentAheadIsThrownAtCommitAndNothingOfTheTransactionStays() async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { connection throws in
                try connection.query("CREATE TABLE town (name text CONSTRAINT town_name_key UNIQUE)")
                try connection.query(SQL("INSERT INTO town VALUES ($1)", "Utena"))
                do {
                    try connection.transaction {
                        try connection.query(SQL("INSERT INTO town VALUES ($1)", "Rockford"))
                        try connection.sendAhead(SQL("INSERT INTO town VALUES ($1)", "Utena"))
                    }
                    Issue.record("a duplicate sent ahead committed")
                } catch PostgresError.server(let error) {
                    #expect(error.constraint == "town_name_key")
                }
                #expect(try connection.query("SELECT count(*) AS n FROM town").first?.decode(Int.self, "n") == 1)
                try connection.query("SET LOCAL statement_timeout = '7s'")
                #expect(try connection.query("SHOW statement_timeout").first?.text("statement_timeout") == "0")
                // A statement whose preparation failed in a pipeline is prepared again once it can be.
                #expect(throws: PostgresError.self) {
                    try connection.transaction { try connection.sendAhead("INSERT INTO later VALUES (1)") }
                }
                try connection.query("CREATE TABLE later (v int)")
                try connection.transaction { try connection.sendAhead("INSERT INTO later VALUES (1)") }
                #expect(try connection.query("SELECT count(*) AS n FROM later").first?.decode(Int.self, "n") == 1)
            }
        }
    }

    @Test func aBodyThatThrowsBeforeAnyStatementRollsBackAndTheConnectionStaysUsable() async throws {
        struct Refused: Error {}
        try await TestDatabase.with { database in
            try await database.withConnection { connection throws in
                #expect(throws: Refused.self) { try connection.transaction { throw Refused() } }
                #expect(try connection.query("SELECT 1 AS one").first?.decode(Int.self, "one") == 1)
                // Not left inside the transaction block: SET LOCAL lasts only its own statement.
                try connection.query("SET LOCAL statement_timeout = '7s'")
                #expect(try connection.query("SHOW statement_timeout").first?.text("statement_timeout") == "0")
            }
        }
    }

    @Test func aTransactionInsideASharedOneIsASavepointUndoneAloneAndTheLotCommitsOnce() async throws {
        struct Refused: Error {}
        try await TestDatabase.with { database in
            try await database.withConnection { connection throws in
                try connection.query("CREATE TABLE visit (id bigint GENERATED ALWAYS AS IDENTITY, city text NOT NULL)")
                try connection.query("CREATE TABLE audit (entry text)")
                let observer = try database.connect()
                try connection.beginShared()
                for city in ["Utena", nil, "Xindu", "Refused"] {
                    let closing = SQL("INSERT INTO audit VALUES ($1)", "visit add \(city ?? "NULL")")
                    let before = connection.roundTrips
                    do {
                        _ = try connection.transaction(closing: closing) {
                            if city == "Refused" {
                                try connection.query(SQL("INSERT INTO visit (city) VALUES ($1)", city))
                                throw Refused()
                            }
                            return try connection.queryCommitting(SQL("INSERT INTO visit (city) VALUES ($1) RETURNING id", city))
                        }
                        // The savepoint, the write, its audit entry and the release: one round trip.
                        #expect(connection.roundTrips - before == 1)
                    } catch {
                        #expect(city == nil || city == "Refused")
                    }
                    // Nothing is visible to another session before the shared commit.
                    #expect(try observer.query("SELECT count(*) AS n FROM visit").first?.decode(Int.self, "n") == 0)
                }
                try connection.commitShared()
                // The NOT NULL refusal and the refused body left nothing; the other two and
                // exactly their audit entries committed.
                #expect(try observer.query("SELECT string_agg(city, ',' ORDER BY id) AS c FROM visit").first?.text("c") == "Utena,Xindu")
                #expect(try observer.query("SELECT string_agg(entry, ',' ORDER BY entry) AS e FROM audit").first?.text("e")
                    == "visit add Utena,visit add Xindu")
                // The connection is back to committing each transaction alone.
                try connection.transaction { try connection.query(SQL("INSERT INTO visit (city) VALUES ($1)", "Kecskemét")) }
                #expect(try observer.query("SELECT count(*) AS n FROM visit").first?.decode(Int.self, "n") == 3)
            }
        }
    }

    @Test func aSharedTransactionLeftFailedOutsideEverySavepointRefusesToCommit() async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { connection throws in
                try connection.query("CREATE TABLE visit (city text NOT NULL)")
                try connection.beginShared()
                try connection.transaction { try connection.query(SQL("INSERT INTO visit VALUES ($1)", "Utena")) }
                // A statement outside any savepoint fails: COMMIT would silently roll back.
                #expect(throws: PostgresError.self) { try connection.query(SQL("INSERT INTO visit VALUES ($1)", nil as String?)) }
                #expect(throws: PostgresError.self) { try connection.commitShared() }
                #expect(try connection.query("SELECT count(*) AS n FROM visit").first?.decode(Int.self, "n") == 0)
            }
        }
    }

    @Test func anInstantIsSentToTheMicrosecondEvenNextToAWholeSecondAndBefore1970() async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { connection throws in
                let instants = [
                    Date(timeIntervalSince1970: 1_809_417_599.9999996),  // rounds up to 2027-05-04 08:00:00
                    Date(timeIntervalSince1970: -86_400.5),  // 1969-12-30 23:59:59.5
                    Date(timeIntervalSince1970: 0),
                ]
                #expect(instants[0].postgresText == "2027-05-04 08:00:00.000000+00")
                #expect(instants[1].postgresText == "1969-12-30 23:59:59.500000+00")
                #expect(instants[2].postgresText == "1970-01-01 00:00:00.000000+00")
                for instant in instants {
                    let back = try connection.query(SQL("SELECT extract(epoch FROM $1::timestamptz)::float8 AS s", instant))
                    #expect(try abs(back.first!.decode(Double.self, "s") - instant.timeIntervalSince1970) < 0.000_001)
                }
            }
        }
    }

    @Test func anUnreachableServerIsConnectionLost() {
        do {
            _ = try PostgresConnection(url: "postgresql://localhost:1/none", connectTimeoutSeconds: 1)
            Issue.record("connected to nothing")
        } catch PostgresError.connectionLost(let message) {
            #expect(!message.isEmpty)
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
