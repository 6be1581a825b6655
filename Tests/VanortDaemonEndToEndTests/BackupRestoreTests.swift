import Foundation
import Testing
import VanortPostgres
import VanortTestSupport

/// deploy/backup.sh and deploy/restore.sh, as docs/operations.md tells an operator to use
/// them: dump, drop, restore, and the same data comes back and the daemon runs on it.
@Suite struct BackupRestoreTests {
    static let deploy = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../deploy").standardized

    /// Every table's rows, in id order, as one fingerprint per table.
    static func fingerprint(_ connection: PostgresConnection) throws -> [String: String] {
        let tables = try connection.query(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        ).map { try $0.decode(String.self, "tablename") }
        var prints: [String: String] = [:]
        for table in tables {
            // Table names come from the catalog, not from input.
            let row = try connection.query(.unsafeRaw(
                "SELECT count(*) AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS digest FROM \(table) t")).first
            prints[table] = "\(try row?.decode(Int.self, "n") ?? -1) \(try row?.decode(String.self, "digest") ?? "")"
        }
        return prints
    }

    @Test func aBackupRestoresTheSameDataAndTheDaemonRunsOnIt() async throws {
        try await TestDatabase.with { database in
            let daemon = try await DaemonProcess.start(databaseURL: database.url)
            try await loadExampleData(into: daemon)
            #expect(try await daemon.ctl(["reminder", "add", "--at", "2030-01-01T09:00", "--note", "backup check"]).exitCode == 0)
            await daemon.stop()
            let before = try Self.fingerprint(database.connect())
            #expect((before["visit"] ?? "").hasPrefix("0 ") == false, "the example data has visits")

            let file = FileManager.default.temporaryDirectory.appendingPathComponent("vanort-\(UUID()).dump").path
            defer { try? FileManager.default.removeItem(atPath: file) }
            let backup = try await CommandResult.run(Self.deploy.appendingPathComponent("backup.sh"), [database.url, file])
            try #require(backup.exitCode == 0, "\(backup.stderr)")

            try database.drop()
            let admin = try PostgresConnection(url: TestDatabase.adminURL, applicationName: "vanort-tests", connectTimeoutSeconds: TestDatabase.connectTimeout)
            // The test database's generated name, not input.
            try admin.query(.unsafeRaw("CREATE DATABASE \(database.name)"))
            let restore = try await CommandResult.run(Self.deploy.appendingPathComponent("restore.sh"), [file, database.url])
            try #require(restore.exitCode == 0, "\(restore.stderr)")
            #expect(try Self.fingerprint(database.connect()) == before)

            // The restored database is one vanortd takes as it is, and ids carry on.
            let restored = try await DaemonProcess.start(databaseURL: database.url)
            #expect(!restored.log.contains("migrations applied"))
            let city = try await restored.ctl(["--json", "city", "add", "--name", "Återställda staden", "--country", "SE", "--timezone", "Europe/Stockholm"])
            #expect(city.exitCode == 0, "\(city.stderr)")
            let maxID = try await database.query("SELECT max(id) AS id FROM city").first?.decode(Int.self, "id") ?? 0
            #expect(city.stdout.contains(#""id":\#(maxID)"#))
            await restored.stop()
        }
    }
}
