import Foundation
import Testing
import VanortPostgres
import VanortTestSupport

/// Migrations as an owner role, the daemon as a runtime role that owns nothing and may
/// only append to the audit log.
@Suite struct LeastPrivilegeTests {
    @Test func theDaemonsRoleOwnsNothingAndOnlyAppendsToTheAuditLog() async throws {
        let admin = try PostgresConnection(url: TestDatabase.adminURL, applicationName: "vanort-tests", connectTimeoutSeconds: TestDatabase.connectTimeout)
        let port = try admin.query("SELECT current_setting('port') AS port").first?.decode(String.self, "port") ?? "5432"
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(12)
        let owner = "vanort_owner_\(suffix)", runtime = "vanort_app_\(suffix)", database = "vanort_lp_\(suffix)"
        // Generated names and a fixed test password: safe as SQL text.
        try admin.query(.unsafeRaw("CREATE ROLE \(owner) LOGIN PASSWORD 'owner-pw'"))
        try admin.query(.unsafeRaw("CREATE ROLE \(runtime) LOGIN PASSWORD 'app-pw'"))
        try admin.query(.unsafeRaw("CREATE DATABASE \(database) OWNER \(owner)"))
        defer {
            _ = try? admin.query(.unsafeRaw("DROP DATABASE IF EXISTS \(database) WITH (FORCE)"))
            _ = try? admin.query(.unsafeRaw("DROP ROLE IF EXISTS \(runtime)"))
            _ = try? admin.query(.unsafeRaw("DROP ROLE IF EXISTS \(owner)"))
        }
        let runtimeURL = "postgresql://\(runtime):app-pw@127.0.0.1:\(port)/\(database)"
        let ownerURL = "postgresql://\(owner):owner-pw@127.0.0.1:\(port)/\(database)"

        let daemon = try await DaemonProcess.start(databaseURL: runtimeURL, arguments: ["--migration-database-url", ownerURL])
        do {
            let added = try await daemon.ctl(["city", "add", "--name", "Kecskemét", "--country", "HU", "--timezone", "Europe/Budapest"])
            #expect(added.exitCode == 0, "\(added.stderr)")
            #expect(try await daemon.ctl(["audit", "list"]).stdout.contains("Kecskemét"))
            #expect(try await daemon.ctl(["--json", "status"]).stdout.contains(#""reachable":true"#))
            // Erasure rewrites the audit log through the owner's SECURITY DEFINER function.
            #expect(try await daemon.ctl(["contact", "add", "--name", "Tillfällig Person"]).exitCode == 0)
            let erased = try await daemon.ctl(["person", "erase", "--contact", "1"])
            #expect(erased.exitCode == 0, "\(erased.stderr)")
            #expect(!(try await daemon.ctl(["audit", "list"]).stdout.contains("Tillfällig")))
        } catch {
            print(daemon.log)
            throw error
        }
        await daemon.stop()

        let app = try PostgresConnection(url: runtimeURL, applicationName: "vanort-tests", connectTimeoutSeconds: TestDatabase.connectTimeout)
        #expect(try app.query("SELECT count(*) AS n FROM city").first?.decode(Int.self, "n") == 1)
        #expect(try app.query("SELECT count(*) AS n FROM audit_log").first?.decode(Int.self, "n") == 3)
        for statement in [
            "UPDATE audit_log SET command = 'nothing happened'", "DELETE FROM audit_log", "TRUNCATE audit_log",
            "INSERT INTO schema_migrations (version, name, checksum) VALUES (999, 'x', 'x')", "DROP TABLE city",
            "CREATE TABLE intruder (id integer)", "ALTER TABLE visit ADD COLUMN intruder text",
        ] {
            do {
                try app.query(.unsafeRaw(statement))
                Issue.record("the runtime role could run: \(statement)")
            } catch let error as PostgresError {
                #expect(error.sqlState == "42501", "\(statement): \(error)")
            }
        }
        let owned = try admin.query(SQL(
            "SELECT count(*) AS n FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = $1", runtime))
        #expect(try owned.first?.decode(Int.self, "n") == 0)
    }
}
