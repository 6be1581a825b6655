import Foundation
import Testing
import VanortTestSupport

/// `report review` and `report year` over a small, known register: the figures add up, and
/// Markdown, CSV and JSON carry the same report.
@Suite struct ReportTests {
    static func seed(_ daemon: DaemonProcess) async throws {
        for arguments in [
            ["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
            ["city", "add", "--name", "Kecskemét", "--country", "HU", "--timezone", "Europe/Budapest"],
            ["city", "add", "--name", "Utena", "--country", "LT", "--timezone", "Europe/Vilnius"],
            ["agreement", "add", "--city", "Kecskemét", "--kind", "twin-town", "--since", "2004", "--areas", "education,culture",
             "--review-due", "2027-12-31"],
            ["agreement", "add", "--city", "Utena", "--kind", "cooperation", "--since", "2010"],
            ["visit", "add", "--city", "Kecskemét", "--direction", "outgoing", "--kind", "study", "--from", "2026-04-01", "--to", "2026-04-03",
             "--participants", "8", "--cost", "12000.50", "--paid-by", "Linköping"],
            ["visit", "add", "--city", "Kecskemét", "--direction", "outgoing", "--kind", "study", "--from", "2026-09-01", "--to", "2026-09-03",
             "--participants", "4", "--cost", "3000", "--paid-by", "Linköping"],
            ["visit", "add", "--city", "Kecskemét", "--direction", "incoming", "--kind", "political", "--from", "2027-05-01", "--to", "2027-05-02",
             "--participants", "5", "--cost", "9000", "--paid-by", "Kecskemét"],
            ["visit", "add", "--city", "Kecskemét", "--direction", "incoming", "--kind", "culture", "--from", "2027-06-01", "--to", "2027-06-02",
             "--status", "cancelled"],
            ["exchange", "add", "--title", "Sommarläger", "--city", "Kecskemét", "--kind", "youth", "--from", "2027-07-01", "--to", "2027-07-08",
             "--participants", "20", "--leaders", "3"],
            ["exchange", "add", "--title", "Praktik", "--city", "Kecskemét", "--kind", "trainee", "--from", "2027-02-01", "--to", "2027-03-01",
             "--participants", "2"],
            ["participant", "add", "--exchange", "2", "--name", "Praktikant Ett", "--birth-date", "2000-01-01"],
            ["participant", "add", "--exchange", "2", "--name", "Handledare Två", "--birth-date", "1980-01-01", "--role", "accompanying"],
            ["plan", "add", "--agreement", "1", "--title", "Handlingsplan 2026–2027", "--from", "2026-01-01", "--to", "2027-12-31"],
            ["activity", "add", "--plan", "1", "--title", "Lärarutbyte", "--due", "2026-10-01", "--status", "done"],
            ["activity", "add", "--plan", "1", "--title", "Kulturvecka", "--due", "2027-10-01"],
            ["visit", "add", "--city", "Utena", "--direction", "incoming", "--kind", "business", "--from", "2027-03-01", "--to", "2027-03-02",
             "--participants", "3"],
        ] {
            let result = try await daemon.ctl(arguments)
            try #require(result.exitCode == 0, "\(arguments): \(result.stderr)")
        }
    }

    @Test func aReviewSumsAPartnershipPerYearInMarkdownCSVAndJSON() async throws {
        try await withDaemon { daemon, _ in
            try await Self.seed(daemon)
            let json = try await daemon.ctl(["--json", "report", "review", "--city", "kecskemet", "--from", "2026", "--to", "2027"])
            #expect(json.exitCode == 0, "\(json.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
            func value(_ section: String, _ year: Int?, _ item: String) -> String? {
                rows.first { $0["section"] as? String == section && ($0["year"] as? Int) == year && $0["item"] as? String == item }?["value"] as? String
            }
            #expect(value("agreements", 2004, "twin town (active)")?.contains("review due 2027-12-31") == true)
            #expect(value("agreements", 2004, "twin town (active)")?.contains("areas: education, culture") == true)
            #expect(value("visits", 2026, "outgoing study visit") == "2 visits, 12 participants")
            #expect(value("visits", 2027, "incoming political visit") == "1 visit, 5 participants")
            #expect(value("visits", 2027, "incoming cultural visit") == nil, "cancelled visits do not count")
            #expect(value("exchanges", 2027, "youth exchange") == "1 exchange, 20 participants, 3 leaders")
            #expect(value("exchanges", 2027, "trainee exchange") == "1 exchange, 2 participants, 0 leaders")
            #expect(value("participants", 2027, "trainee exchange participants") == "1")
            #expect(value("participants", 2027, "trainee exchange accompanying adults") == "1")
            #expect(value("activities", 2026, "done") == "1")
            #expect(value("activities", 2027, "open") == "1")
            #expect(value("costs", 2026, "Linköping") == "15000.50 SEK")
            #expect(value("costs", 2027, "Kecskemét") == "9000.00 SEK")
            #expect(!json.stdout.contains("Utena"), "another partnership's visits stay out")

            let csv = try await daemon.ctl(["--csv", "report", "review", "--city", "Kecskemét", "--from", "2026", "--to", "2027"])
            let lines = csv.stdout.split(whereSeparator: \.isNewline)
            #expect(lines.first == "section,city,year,item,value")
            #expect(lines.count == rows.count + 1)
            #expect(csv.stdout.contains("costs,Kecskemét,2026,Linköping,15000.50 SEK"))

            let markdown = try await daemon.ctl(["report", "review", "--city", "Kecskemét", "--from", "2026", "--to", "2027"])
            #expect(markdown.stdout.hasPrefix("# Partnership review: Kecskemét\n"))
            for heading in ["## Agreements", "## Visits", "## Exchanges", "## Participants", "## Activities", "## Costs"] {
                #expect(markdown.stdout.contains("\n\(heading)\n"), "\(heading)")
            }
            #expect(markdown.stdout.contains("| Kecskemét | 2026 | outgoing study visit | 2 visits, 12 participants |"))

            // In Swedish, by --lang or the locale: headings, columns, words and phrases; the
            // machine formats keep their keys (section, and the column names).
            for swedish in [["--lang", "sv", "report"], ["report"]] {
                let review = try await daemon.ctl(swedish + ["review", "--city", "Kecskemét", "--from", "2026", "--to", "2027"],
                                                  environment: swedish.count == 1 ? ["LANG": "sv_SE.UTF-8"] : [:])
                #expect(review.stdout.hasPrefix("# Utvärdering av partnerskapet: Kecskemét\n"), "\(review.stdout)")
                for text in ["\n## Avtal\n", "\n## Besök\n", "\n## Utbyten\n", "\n## Deltagare\n", "\n## Aktiviteter\n", "\n## Kostnader\n",
                             "| stad | år | post | värde |", "| Kecskemét | 2026 | utgående studiebesök | 2 besök, 12 deltagare |",
                             "| Kecskemét | 2027 | inkommande politiskt besök | 1 besök, 5 deltagare |",
                             "| Kecskemét | 2027 | ungdomsutbyte | 1 utbyte, 20 deltagare, 3 ledare |",
                             "| Kecskemét | 2027 | praktikantutbyte medföljande vuxna | 1 |", "| Kecskemét | 2026 | genomförd | 1 |",
                             "| Kecskemét | 2004 | vänort (aktiv) | sedan 2004; utvärderas senast 2027-12-31; områden: education, culture"] {
                    #expect(review.stdout.contains(text), "\(text) in:\n\(review.stdout)")
                }
            }
            let swedishJSON = try await daemon.ctl(["--lang", "sv", "--json", "report", "review", "--city", "Kecskemét", "--from", "2026", "--to", "2027"])
            #expect(swedishJSON.stdout.contains("\"section\":\"visits\",\"city\":\"Kecskemét\",\"year\":2026,\"item\":\"utgående studiebesök\""), "\(swedishJSON.stdout)")
            let badLanguage = try await daemon.ctl(["--lang", "fi", "report", "review", "--city", "Kecskemét"])
            #expect(badLanguage.exitCode == 64 && badLanguage.stderr.contains("--lang must be sv or en"), "\(badLanguage.stderr)")

            let bad = try await daemon.ctl(["report", "review", "--city", "Kecskemét", "--from", "2027", "--to", "2026"])
            #expect(bad.stderr.contains("422 INVALID to: "))
            #expect(try await daemon.ctl(["report", "review", "--city", "Atlantis"]).stderr.contains("422 INVALID city: "))
        }
    }

    @Test func aYearCoversEveryPartner() async throws {
        try await withDaemon { daemon, _ in
            try await Self.seed(daemon)
            let json = try await daemon.ctl(["--json", "report", "year", "2027"])
            #expect(json.exitCode == 0, "\(json.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
            func value(_ city: String, _ item: String) -> String? {
                rows.first { $0["city"] as? String == city && $0["item"] as? String == item }?["value"] as? String
            }
            #expect(Set(rows.compactMap { $0["city"] as? String }) == ["Kecskemét", "Utena"])
            #expect(value("Kecskemét", "visits incoming") == "1")
            #expect(value("Kecskemét", "exchanges") == "2")
            #expect(value("Kecskemét", "exchange participants") == "22")
            #expect(value("Kecskemét", "activities open") == "1")
            #expect(value("Utena", "visits incoming") == "1")
            #expect(value("Utena", "visit participants") == "3")
            let markdown = try await daemon.ctl(["report", "year", "2027"])
            #expect(markdown.stdout.hasPrefix("# Twin-town partnerships 2027\n"))
            let swedish = try await daemon.ctl(["--lang", "sv", "report", "year", "2027"])
            #expect(swedish.stdout.hasPrefix("# Vänortssamarbeten 2027\n"))
            #expect(swedish.stdout.contains("| Utena | 2027 | deltagare i besök | 3 |"), "\(swedish.stdout)")
        }
    }
}
