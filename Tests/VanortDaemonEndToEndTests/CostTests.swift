import Foundation
import Testing
import VanortTestSupport

/// Costs as they are paid, through vanortctl against a real daemon: a visit's cost has a
/// currency, each party's share is a `cost` record (declared once, `Cost.descriptor`), and
/// the review report sums what each payer pays, per currency.
@Suite struct CostTests {
    static func rows(_ result: CommandResult) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]], "\(result.stdout) \(result.stderr)")
    }

    @Test func sharesInTheirCurrenciesAreSummedByPayerInTheReview() async throws {
        try await withDaemon { daemon, _ in
            try await succeed(daemon, [
                ["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
                ["city", "add", "--name", "Kecskemét", "--country", "HU", "--timezone", "Europe/Budapest"],
                ["agreement", "add", "--city", "Kecskemét", "--kind", "twin-town", "--since", "2004"],
                // Visit 1: shares in two currencies. Visit 2: one payer for all (paid-by).
                ["visit", "add", "--city", "Kecskemét", "--direction", "outgoing", "--from", "2026-05-04", "--to", "2026-05-07",
                 "--cost", "12500,50", "--currency", "eur"],
                ["visit", "add", "--city", "Kecskemét", "--direction", "incoming", "--from", "2026-09-14", "--to", "2026-09-16",
                 "--cost", "3000", "--paid-by", "Linköpings kommun"],
                ["exchange", "add", "--title", "Ungdomsläger", "--city", "Kecskemét", "--from", "2026-07-01", "--to", "2026-07-08"],
                ["cost", "add", "--visit", "1", "--payer", "Linköpings kommun", "--amount", "8 000,25", "--currency", "EUR", "--item", "resor"],
                ["cost", "add", "--visit", "1", "--payer", "Kecskemét", "--amount", "4500,25", "--currency", "EUR", "--item", "boende"],
                ["cost", "add", "--exchange", "Ungdomsläger", "--payer", "Linköpings kommun", "--amount", "20000"],
            ])
            let visit = try Self.rows(try await daemon.ctl(["--json", "visit", "list", "--wide"]))
            #expect(visit.first?["cost"] as? Double == 12500.5, "the decimal comma is exact")
            #expect(visit.first?["currency"] as? String == "EUR")
            #expect(visit.last?["currency"] as? String == "SEK", "SEK unless said")
            let shares = try Self.rows(try await daemon.ctl(["--json", "cost", "list", "--visit", "1"]))
            #expect(shares.map { $0["payer"] as? String } == ["Linköpings kommun", "Kecskemét"])
            #expect(try Self.rows(try await daemon.ctl(["--json", "cost", "list", "--search", "boende"])).count == 1)

            let review = try Self.rows(try await daemon.ctl(["--json", "report", "review", "--city", "Kecskemét", "--from", "2026", "--to", "2026"]))
            let costs = review.filter { $0["section"] as? String == "costs" }
                .map { "\($0["item"] as? String ?? ""): \($0["value"] as? String ?? "")" }
            // The shares replace visit 1's total; visit 2 counts as its paid-by's; the exchange's share in SEK.
            #expect(costs == ["Kecskemét: 4500.25 EUR", "Linköpings kommun: 8000.25 EUR", "Linköpings kommun: 23000.00 SEK"])
            let year = try Self.rows(try await daemon.ctl(["--json", "report", "year", "2026"]))
            #expect(year.first { $0["item"] as? String == "costs" }?["value"] as? String == "12500.50 EUR, 23000.00 SEK")
        }
    }

    @Test func aShareBelongsToOneVisitOrExchangeAndBadAmountsAreNamed() async throws {
        try await withDaemon { daemon, _ in
            try await succeed(daemon, [
                ["city", "add", "--name", "Utena", "--country", "LT", "--timezone", "Europe/Vilnius"],
                ["visit", "add", "--city", "Utena", "--direction", "incoming", "--from", "2026-05-04", "--to", "2026-05-07"],
                ["exchange", "add", "--title", "Läger", "--city", "Utena", "--from", "2026-07-01", "--to", "2026-07-08"],
            ])
            let neither = try await daemon.ctl(["cost", "add", "--payer", "Utena", "--amount", "100"])
            #expect(neither.exitCode == 1)
            #expect(neither.stderr.contains("--visit or --exchange"), "\(neither.stderr)")
            let both = try await daemon.ctl(["cost", "add", "--visit", "1", "--exchange", "Läger", "--payer", "Utena", "--amount", "100"])
            #expect(both.stderr.contains("not both"), "\(both.stderr)")
            let amount = try await daemon.ctl(["cost", "add", "--visit", "1", "--payer", "Utena", "--amount", "12,345"])
            #expect(amount.stderr.contains("amount"), "\(amount.stderr)")
            let currency = try await daemon.ctl(["cost", "add", "--visit", "1", "--payer", "Utena", "--amount", "10", "--currency", "euro"])
            #expect(currency.stderr.contains("currency"), "\(currency.stderr)")
            let missing = try await daemon.ctl(["cost", "add", "--visit", "9", "--payer", "Utena", "--amount", "10"])
            #expect(missing.stderr.contains("no such visit"), "\(missing.stderr)")
            // Nothing was written by any of them.
            #expect(try Self.rows(try await daemon.ctl(["--json", "cost", "list"])).isEmpty)
        }
    }

    @Test func anAssociationKeepsTheSharesOfItsOwnVisitsOnly() async throws {
        try await withRemoteAccess { remote, _ in
            let token = try await AccessScopeTests.seed(remote)
            let admin = remote.daemon
            try await succeed(admin, [
                ["visit", "add", "--city", "Palo Alto", "--direction", "incoming", "--from", "2027-08-03", "--to", "2027-08-09",
                 "--association", "Neighbors Abroad"],
                ["cost", "add", "--visit", "1", "--payer", "Palo Alto-föreningen", "--amount", "900"],
            ])
            let own = try await remote.ctl(token, ["cost", "add", "--visit", "2", "--payer", "Neighbors Abroad", "--amount", "1 200,50", "--currency", "USD"])
            #expect(own.exitCode == 0, "\(own.stderr)")
            let seen = try Self.rows(try await remote.ctl(token, ["--json", "cost", "list"]))
            #expect(seen.map { $0["payer"] as? String } == ["Neighbors Abroad"])
            let other = try await remote.ctl(token, ["cost", "add", "--visit", "1", "--payer", "Neighbors Abroad", "--amount", "5"])
            #expect(other.stderr.contains("no such visit"), "another association's visit is not found: \(other.stderr)")
            #expect(try await remote.ctl(token, ["cost", "delete", "2"]).stderr.contains("403"))
        }
    }
}
