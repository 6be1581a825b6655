import Foundation
import Testing
import VanortTestSupport

/// Grants through vanortctl against a real daemon: the noun declared once (`Grant.descriptor`)
/// gets add, show, list with filters and search, update, reminders from its deadlines,
/// duplicates refused and the association scope, like every noun.
@Suite struct GrantTests {
    static func rows(_ result: CommandResult) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stdout) \(result.stderr)")
    }

    /// The pending reminders of grant 1, as `rule due_at`.
    static func pending(_ daemon: DaemonProcess) async throws -> [String] {
        try rows(try await daemon.ctl(["--json", "reminder", "list", "--about", "grant:1", "--state", "pending"]))
            .map { "\($0["rule"] as? String ?? "") \(($0["due_at"] as? String)?.prefix(10) ?? "")" }
    }

    @Test func aGrantsDeadlinesPlanItsRemindersFromApplicationToReport() async throws {
        try await withDaemon { daemon, _ in
            try await succeed(daemon, [
                ["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
                ["city", "add", "--name", "Utena", "--country", "LT", "--timezone", "Europe/Vilnius"],
                ["contact", "add", "--name", "Anna Berg", "--staff", "true", "--email", "anna@linkoping.se"],
                ["exchange", "add", "--city", "Utena", "--from", "2031-06-01", "--to", "2031-06-10", "--title", "Sommarläger i Utena"],
            ])
            let added = try await daemon.ctl([
                "--json", "grant", "add", "--funder", "EU", "--programme", "Erasmus+ KA152", "--reference", "2031-1-SE02-KA152-000001",
                "--amount", "186 400,50", "--currency", "eur", "--applied-on", "2031-02-01", "--decision-due", "2031-04-15",
                "--status", "applied", "--exchange", "Sommarläger i Utena", "--contact", "Anna Berg",
            ])
            try #require(added.exitCode == 0, "\(added.stderr)")
            let grant = try #require(try JSONSerialization.jsonObject(with: Data(added.stdout.utf8)) as? [String: Any])
            #expect(grant["currency"] as? String == "EUR")
            #expect(grant["exchange"] as? Int == 1)
            #expect(grant["contact"] as? String == "Anna Berg")
            // Exact, with the decimal comma and the space Swedish writes.
            #expect(try await daemon.ctl(["--csv", "grant", "show", "1"]).stdout.contains(",186400.5,EUR,"))
            #expect(try await Self.pending(daemon) == ["grant-decision-14-days-before 2031-04-01"])

            // Granted: the decision is no longer awaited; the report is, 30 days ahead and on its
            // deadline (from where it is chased weekly until reported).
            let granted = try await daemon.ctl(["grant", "update", "1", "--status", "granted", "--decided-on", "2031-04-10", "--reporting-due", "2032-01-31"])
            #expect(granted.exitCode == 0, "\(granted.stderr)")
            #expect(try await Self.pending(daemon) == ["grant-report-30-days-before 2032-01-01", "grant-report-30-days-before 2032-01-31"])

            // Reported: nothing is owed any more.
            #expect(try await daemon.ctl(["grant", "update", "1", "--status", "reported"]).exitCode == 0)
            #expect(try await Self.pending(daemon).isEmpty)
        }
    }

    @Test func grantsAreListedByFilterAndSearchAndShownByTheirReference() async throws {
        try await withDaemon { daemon, _ in
            try await succeed(daemon, [
                ["grant", "add", "--funder", "EU", "--programme", "Interreg Östersjön", "--reference", "IR-77", "--status", "draft"],
                ["grant", "add", "--funder", "ICLD", "--programme", "Kommunalt partnerskap", "--reference", "ICLD-5", "--status", "applied",
                 "--applied-on", "2030-09-01"],
            ])
            let search = try Self.rows(try await daemon.ctl(["--json", "grant", "list", "--search", "ostersjon"]))
            #expect(search.map { $0["reference"] as? String } == ["IR-77"])
            let byFunder = try Self.rows(try await daemon.ctl(["--json", "grant", "list", "--funder", "icld"]))
            #expect(byFunder.map { $0["reference"] as? String } == ["ICLD-5"])
            let byStatus = try Self.rows(try await daemon.ctl(["--json", "grant", "list", "--status", "applied"]))
            #expect(byStatus.map { $0["funder"] as? String } == ["ICLD"])
            #expect(try await daemon.ctl(["grant", "show", "icld-5"]).stdout.contains("Kommunalt partnerskap"))
        }
    }

    @Test func theAgendaListsAnAwaitedDecisionAndAnOverdueReport() async throws {
        try await withDaemon { daemon, _ in
            try await succeed(daemon, [
                ["grant", "add", "--funder", "EU", "--reference", "AWAITED", "--status", "applied", "--applied-on", isoDay(fromToday: -20),
                 "--decision-due", isoDay(fromToday: 10)],
                ["grant", "add", "--funder", "ICLD", "--reference", "OWED", "--status", "granted", "--applied-on", isoDay(fromToday: -200),
                 "--decided-on", isoDay(fromToday: -150), "--reporting-due", isoDay(fromToday: -5)],
                ["grant", "add", "--funder", "ICLD", "--reference", "DONE", "--status", "reported", "--applied-on", isoDay(fromToday: -200),
                 "--decided-on", isoDay(fromToday: -150), "--reporting-due", isoDay(fromToday: -5)],
            ])
            let agenda = try Self.rows(try await daemon.ctl(["--json", "agenda", "--days", "30"]))
            func rows(_ type: String) -> [[String: Any]] { agenda.filter { ($0["type"] as? String) == type } }
            let decision = try #require(rows("grant-decision").first, "\(agenda)")
            #expect((decision["what"] as? String)?.contains("AWAITED") == true)
            #expect(decision["from"] as? String == isoDay(fromToday: 10))
            #expect(decision["missing"] as? String == "responsible contact", "its rule reaches it; nobody is responsible")
            let reports = rows("grant-report")
            #expect(reports.count == 1, "a reported grant owes nothing: \(agenda)")
            #expect((reports.first?["what"] as? String)?.contains("OWED") == true, "\(reports)")
            #expect((reports.first?["missing"] as? String)?.contains("overdue") == true, "\(reports)")
        }
    }

    @Test func badGrantInputNamesTheFieldAndWritesNothing() async throws {
        try await withDaemon { daemon, _ in
            try await succeed(daemon, [["grant", "add", "--funder", "EU", "--reference", "E-1", "--applied-on", "2030-02-01", "--status", "applied"]])
            let cases: [([String], String)] = [
                (["grant", "add", "--programme", "no funder"], "funder: is required"),
                (["grant", "add", "--funder", "EU", "--amount", "12.345"], "amount: '12.345' must be an amount"),
                (["grant", "add", "--funder", "EU", "--currency", "kronor"], "currency: 'KRONOR' must be a three-letter currency code"),
                (["grant", "add", "--funder", "EU", "--status", "grnted"], "status: 'grnted' must be one of draft, applied, granted, rejected, reported"),
                (["grant", "add", "--funder", "EU", "--applied-on", "2030-03-01", "--decided-on", "2030-02-01", "--status", "granted"],
                 "decided-on: '2030-02-01' must not be before applied-on (2030-03-01)"),
                (["grant", "add", "--funder", "EU", "--status", "applied", "--decided-on", "2030-02-01"], "decided-on: '2030-02-01' means a decision, but status is applied"),
                (["grant", "add", "--funder", "EU", "--exchange", "9"], "exchange: '9' no such exchange"),
                (["grant", "add", "--funder", "eu", "--reference", "e-1"], "already in the register as grant 1 (EU E-1)"),
                (["grant", "update", "1", "--decided-on", "2030-01-01"], "decided-on: '2030-01-01' must not be before applied-on (2030-02-01)"),
                (["grant", "list", "--status", "later"], "status: 'later' must be one of"),
            ]
            for (arguments, message) in cases {
                let result = try await daemon.ctl(arguments)
                #expect(result.exitCode == 1, "\(arguments)")
                #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            }
            let all = try Self.rows(try await daemon.ctl(["--json", "grant", "list"]))
            #expect(all.count == 1)
            #expect(all.first?["decided_on"] is NSNull)
        }
    }

    @Test func anAssociationReadsOnlyTheGrantsOfItsOwnExchangesAndWritesNone() async throws {
        try await withRemoteAccess { remote, _ in
            let token = try await AccessScopeTests.seed(remote)
            let admin = remote.daemon
            try await succeed(admin, [
                ["exchange", "add", "--title", "Own exchange", "--city", "Palo Alto", "--from", "2027-07-01", "--to", "2027-07-10",
                 "--association", "Neighbors Abroad"],
                ["grant", "add", "--funder", "EU", "--reference", "OTHER", "--exchange", "Other exchange"],
                ["grant", "add", "--funder", "EU", "--reference", "OWN", "--exchange", "Own exchange"],
                ["grant", "add", "--funder", "ICLD", "--reference", "OFFICE"],
            ])
            let seen = try Self.rows(try await remote.ctl(token, ["--json", "grant", "list"]))
            #expect(seen.map { $0["reference"] as? String } == ["OWN"])
            #expect(try await remote.ctl(token, ["grant", "show", "1"]).stderr.contains("404"))
            let write = try await remote.ctl(token, ["grant", "add", "--funder", "EU", "--exchange", "Own exchange"])
            #expect(write.exitCode == 1)
            #expect(write.stderr.contains("403"), "\(write.stderr)")
        }
    }
}
