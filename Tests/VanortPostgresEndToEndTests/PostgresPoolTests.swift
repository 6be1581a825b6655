import Foundation
import Testing
import VanortPostgres
import VanortTestSupport

@Suite struct PostgresPoolTests {
    @Test func poolRecoversAfterItsBackendIsTerminated() async throws {
        try await TestDatabase.with { database in
            let pool = database.pool(size: 1)
            let pid = try await pool.withConnection { $0.backendPID }
            try await database.query(SQL("SELECT pg_terminate_backend($1)", Int(pid)))
            // The idle connection is dead; the next use replaces it and runs the body again.
            let (newPID, answer) = try await pool.withConnection { connection in
                (connection.backendPID, try connection.query("SELECT 1 AS one").first?.decode(Int.self, "one"))
            }
            #expect(answer == 1)
            #expect(newPID != pid)
            #expect(pool.isReachable)
            await pool.closeAll()
        }
    }

    @Test func concurrentCallersShareAFewConnections() async throws {
        try await TestDatabase.with { database in
            let pool = database.pool(size: 3)
            let pids = try await withThrowingTaskGroup(of: Int32.self) { group in
                for _ in 0..<30 {
                    group.addTask {
                        try await pool.withConnection { connection in
                            try connection.query("SELECT pg_sleep(0.01)")
                            return connection.backendPID
                        }
                    }
                }
                return try await group.reduce(into: Set<Int32>()) { $0.insert($1) }
            }
            #expect(pids.count <= 3)
            await pool.closeAll()
        }
    }

    @Test func aCommitGroupsWorkSharesOneConnectionAndCommitsWithItsNotesOrNotAtAll() async throws {
        try await TestDatabase.with { database in
            let pool = database.pool(size: 2)
            try await pool.withConnection { connection in
                try connection.query("CREATE TABLE visit (city text NOT NULL)")
                try connection.query("CREATE TABLE audit (entry text)")
            }
            func add(_ city: String?, in group: CommitGroup) async throws -> Int32 {
                let note = CommitNote(SQL("INSERT INTO audit VALUES ($1)", "visit add \(city ?? "NULL")"))
                return try await CommitGroup.$current.withValue(group) {
                    try await CommitNote.$current.withValue(note) {
                        try await pool.transaction { connection in
                            try connection.queryCommitting(SQL("INSERT INTO visit VALUES ($1)", city))
                            return connection.backendPID
                        }
                    }
                }
            }
            let group = await pool.openGroup()
            let first = try await add("Utena", in: group)
            await #expect(throws: PostgresError.self) { try await add(nil, in: group) }
            let third = try await add("Xindu", in: group)
            #expect(first == third)
            // A read in the group sees its writes; another connection does not, before the commit.
            let inside = try await CommitGroup.$current.withValue(group) {
                try await pool.withConnection { try $0.query("SELECT count(*) AS n FROM visit").first?.decode(Int.self, "n") }
            }
            #expect(inside == 2)
            #expect(try await database.query("SELECT count(*) AS n FROM visit").first?.decode(Int.self, "n") == 0)
            try await pool.commit(group)
            #expect(try await database.query("SELECT string_agg(city, ',' ORDER BY city) AS c FROM visit").first?.text("c") == "Utena,Xindu")
            #expect(try await database.query("SELECT count(*) AS n FROM audit").first?.decode(Int.self, "n") == 2)

            // An abandoned group leaves nothing, and its connection serves the pool again.
            let abandoned = await pool.openGroup()
            _ = try await add("Rockford", in: abandoned)
            await pool.abandon(abandoned)
            #expect(try await database.query("SELECT count(*) AS n FROM visit").first?.decode(Int.self, "n") == 2)
            #expect(try await database.query("SELECT count(*) AS n FROM audit").first?.decode(Int.self, "n") == 2)
            let pids = try await withThrowingTaskGroup(of: Int32.self) { tasks in
                for _ in 0..<4 { tasks.addTask { try await pool.withConnection { $0.backendPID } } }
                return try await tasks.reduce(into: Set<Int32>()) { $0.insert($1) }
            }
            #expect(!pids.isEmpty)
            await pool.closeAll()
        }
    }

    @Test func aCommitGroupWhoseConnectionIsLostCommitsNothingAndSaysSo() async throws {
        try await TestDatabase.with { database in
            let pool = database.pool(size: 1)
            try await pool.withConnection { try $0.query("CREATE TABLE visit (city text)") }
            let group = await pool.openGroup()
            let pid = try await CommitGroup.$current.withValue(group) {
                try await pool.transaction { connection in
                    try connection.queryCommitting(SQL("INSERT INTO visit VALUES ($1)", "Utena"))
                    return connection.backendPID
                }
            }
            try await database.query(SQL("SELECT pg_terminate_backend($1)", Int(pid)))
            // The next member cannot run on a new connection: what the first did is gone with the old one.
            await #expect(throws: PostgresError.self) {
                try await CommitGroup.$current.withValue(group) {
                    try await pool.transaction { try $0.query(SQL("INSERT INTO visit VALUES ($1)", "Xindu")) }
                }
            }
            await #expect(throws: PostgresError.self) { try await pool.commit(group) }
            #expect(try await database.query("SELECT count(*) AS n FROM visit").first?.decode(Int.self, "n") == 0)
            await pool.closeAll()
        }
    }

    @Test func aGroupWhoseConnectionIsLostBeforeItsCommitSaysSoCommitsNothingAndThePoolServesOn() async throws {
        try await TestDatabase.with { database in
            let pool = PostgresPool(url: database.url, size: 1, minimumBackoff: .milliseconds(1), maximumBackoff: .milliseconds(1))
            try await pool.withConnection { try $0.query("CREATE TABLE visit (city text)") }
            let group = await pool.openGroup()
            let pid = try await CommitGroup.$current.withValue(group) {
                try await pool.transaction { connection in
                    try connection.queryCommitting(SQL("INSERT INTO visit VALUES ($1)", "Lusaka"))
                    return connection.backendPID
                }
            }
            try await database.query(SQL("SELECT pg_terminate_backend($1)", Int(pid)))
            // Nothing ran after the loss: the commit itself finds the connection gone.
            do {
                try await pool.commit(group)
                Issue.record("a commit on a lost connection reported success")
            } catch let error as PostgresError {
                guard case .connectionLost = error else { throw error }
            }
            #expect(try await database.query("SELECT count(*) AS n FROM visit").first?.decode(Int.self, "n") == 0)
            try await Task.sleep(for: .milliseconds(5))
            let cities = try await pool.withConnection { try $0.query("SELECT count(*) AS n FROM visit").first?.decode(Int.self, "n") }
            #expect(cities == 0, "the pool's one connection is free and works again")
            await pool.closeAll()
        }
    }

    @Test(.enabled(if: SpareCluster.isAvailable, "needs the spare cluster from deploy/test.sh"))
    func poolSaysConnectionLostWhileTheServerIsDownAndRecoversAfterRestart() async throws {
        let adminURL = try #require(SpareCluster.adminURL)
        try await SpareCluster.exclusive {
            try await TestDatabase.with(on: adminURL) { database in
                // A backoff long enough that the call below always falls inside it, however
                // loaded the machine (5 s was not, with two CPU hogs beside the suite); recovery
                // then waits for it to lapse.
                let pool = PostgresPool(
                    url: database.url, size: 2, minimumBackoff: .seconds(20), maximumBackoff: .seconds(20))
                try await pool.withConnection { try $0.query("CREATE TABLE t (v int)") }

                try await SpareCluster.stop()
                await #expect(throws: PostgresError.self) {
                    try await pool.transaction { try $0.query(SQL("INSERT INTO t VALUES ($1)", 1)) }
                }
                #expect(!pool.isReachable)
                // Inside the backoff a caller is refused at once, without dialling the server
                // (and so without waiting on a connect timeout).
                let refusal = await #expect(throws: PostgresError.self) {
                    try await pool.withConnection { try $0.query("SELECT 1") }
                }
                #expect(refusal.map { "\($0)" }?.contains("next attempt in") == true)

                try await SpareCluster.start()
                try await eventually("the pool to reconnect", poll: .milliseconds(100)) {
                    (try? await pool.withConnection { try $0.query("SELECT 1") }) != nil
                }
                // Nothing from the failed insert was written.
                let count = try await pool.withConnection { try $0.query("SELECT count(*) AS n FROM t").first?.decode(Int.self, "n") }
                #expect(count == 0)
                await pool.closeAll()
            }
        }
    }
}
