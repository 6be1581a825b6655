import Testing
import VanortPostgres
import VanortStore
import VanortTestSupport

@Suite struct MigrationRunnerTests {
    @Test func theBinaryCarriesTheNumberedFilesOfSQLFolderInOrder() {
        #expect(!Migration.all.isEmpty)
        #expect(Migration.all.map(\.version) == Migration.all.map(\.version).sorted())
        #expect(Migration.all.first?.version == 1)
        #expect(Migration(fileName: "0007_add_rules.sql", sql: "")?.name == "add_rules")
        #expect(Migration(fileName: "README.sql", sql: "") == nil)
    }

    @Test func pendingMigrationsApplyOnceWithTheirChecksums() async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { connection throws in
                let applied = try MigrationRunner().migrate(connection)
                #expect(applied == Migration.all.map(\.version))
                #expect(try MigrationRunner().migrate(connection).isEmpty)
                #expect(try MigrationRunner.schemaVersion(connection) == Migration.latestVersion)
                let checksums = try connection.query("SELECT checksum FROM schema_migrations").map { try $0.decode(String.self, "checksum") }
                #expect(checksums.allSatisfy { $0.count == 64 })
            }
        }
    }

    @Test func twoMigratorsStartingTogetherApplyEachMigrationOnce() async throws {
        try await TestDatabase.with { database in
            let results = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<2 {
                    group.addTask { try await database.pool(size: 1).withConnection { try MigrationRunner().migrate($0) } }
                }
                return try await group.reduce(into: [[Int]]()) { $0.append($1) }
            }
            #expect(results.flatMap { $0 }.sorted() == Migration.all.map(\.version))
        }
    }

    @Test func aChangedAppliedMigrationRefusesToStart() async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { connection throws in
                try MigrationRunner().migrate(connection)
                try connection.query("UPDATE schema_migrations SET checksum = 'tampered' WHERE version = 1")
                #expect {
                    try MigrationRunner().migrate(connection)
                } throws: { error in
                    guard case MigrationError.changedAfterApply(let version, _) = error else { return false }
                    return version == 1 && "\(error)".contains("changed after it was applied")
                }
            }
        }
    }

    @Test func aDatabaseNewerThanTheBinaryRefusesToStart() async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { connection throws in
                try MigrationRunner().migrate(connection)
                try connection.query(SQL("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, 'future', 'x')", 9999))
                #expect {
                    try MigrationRunner().migrate(connection)
                } throws: { error in
                    guard case MigrationError.databaseNewer(let databaseVersion, _) = error else { return false }
                    return databaseVersion == 9999
                }
            }
        }
    }

    @Test func aFailingMigrationRollsBackAndNamesItself() async throws {
        try await TestDatabase.with { database in
            try await database.withConnection { connection throws in
                let broken = [Migration(fileName: "0001_ok.sql", sql: "CREATE TABLE a (x int);"),
                              Migration(fileName: "0002_broken.sql", sql: "CREATE TABLE b (y int); SELECT * FROM missing;")].compactMap { $0 }
                #expect {
                    try MigrationRunner(migrations: broken).migrate(connection)
                } throws: { error in
                    guard case MigrationError.failed(let version, let name, _) = error else { return false }
                    return version == 2 && name == "broken"
                }
                #expect(try MigrationRunner.schemaVersion(connection) == 1)
                #expect(try connection.query("SELECT to_regclass('b') IS NULL AS gone").first?.decode(Bool.self, "gone") == true)
            }
        }
    }
}
