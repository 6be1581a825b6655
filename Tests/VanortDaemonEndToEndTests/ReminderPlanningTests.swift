import Foundation
import Testing
import VanortPostgres
import VanortTestSupport

/// What the planner promises staff, through vanortctl against a real daemon: a lead time
/// already passed is still told (at once), an overdue review or report is chased, a
/// dormant partnership is quiet, and reporting a visit ends its follow-up.
@Suite struct ReminderPlanningTests {
    /// `reminder list --json` rows about one record, as dictionaries.
    static func reminders(_ daemon: DaemonProcess, about: String) async throws -> [[String: Any]] {
        let result = try await daemon.ctl(["--json", "reminder", "list", "--about", about])
        try #require(result.exitCode == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    /// The id of the agreement with the partner city named `city`.
    static func agreementID(_ daemon: DaemonProcess, city: String) async throws -> Int {
        let result = try await daemon.ctl(["--json", "agreement", "list", "--city", city])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        return try #require(rows.first?["id"] as? Int)
    }

    @Test func theExampleDataTellsOfUtenasAndLusakasJubileesIn2027AndNothingOfDormantXindu() async throws {
        try await withDaemon { daemon, _ in
            try await loadExampleData(into: daemon)
            let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
            for (city, since) in [("Utena", 1997), ("Lusaka", 2017)] {
                let id = try await Self.agreementID(daemon, city: city)
                let jubilees = try await Self.reminders(daemon, about: "agreement:\(id)").filter { $0["rule"] as? String == "agreement-jubilee" }
                // The next jubilee year (every 5 years) is this year or a later one; its
                // reminder exists, however late the lead time is.
                let nextYear = since + 5 * Int((Double(thisYear - since) / 5).rounded(.up))
                #expect(!jubilees.isEmpty, "\(city) has jubilee reminders")
                let dues = jubilees.compactMap { $0["due_at"] as? String }
                #expect(dues.contains { $0.hasPrefix("\(nextYear - 1)") || $0.hasPrefix("\(nextYear)") }, "\(city): \(dues)")
                // Staff see it coming in the preview and the agenda, even when its reminder
                // went out at once because the lead time had already passed.
                let days = (Calendar(identifier: .gregorian).dateComponents(
                    [.day], from: Date(), to: try #require(ISO8601DateFormatter().date(from: "\(nextYear)-01-02T00:00:00Z"))).day ?? 0) + 1
                let preview = try await daemon.ctl(["--json", "reminder", "preview", "--days", String(days)])
                #expect(preview.stdout.contains("Jubileum för partnerskapet med \(city) (\(nextYear)-01-01)"), "\(city): \(preview.stdout)")
                let agenda = try await daemon.ctl(["--json", "agenda", "--days", String(days)])
                #expect(agenda.stdout.contains("\(nextYear - since) years"), "\(city): \(agenda.stdout)")
            }
            let xindu = try await Self.agreementID(daemon, city: "Xindu")
            let quiet = try await Self.reminders(daemon, about: "agreement:\(xindu)")
            #expect(quiet.allSatisfy { $0["state"] as? String != "pending" }, "dormant Xindu: \(quiet)")
        }
    }

    @Test func aReviewDueInThePastIsToldAtOnceAndReactivationPlansAgain() async throws {
        try await withDaemon { daemon, _ in
            for command in [
                ["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
                ["city", "add", "--name", "Kecskemét", "--country", "HU", "--timezone", "Europe/Budapest"],
                ["agreement", "add", "--city", "Kecskemét", "--kind", "twin-town", "--since", "2004", "--review-due", isoDay(fromToday: -20)],
            ] {
                let result = try await daemon.ctl(command)
                try #require(result.exitCode == 0, "\(command): \(result.stderr)")
            }
            // Delivered at once (the log channel), then the next weekly one is pending.
            try await eventually("the overdue review to be sent") {
                try await Self.reminders(daemon, about: "agreement:1").contains { $0["state"] as? String == "sent" }
            }
            let afterSending = try await Self.reminders(daemon, about: "agreement:1")
            #expect(afterSending.contains { $0["state"] as? String == "pending" && $0["rule"] as? String == "agreement-review-90-days-before" },
                "the next weekly reminder is planned: \(afterSending)")

            // Dormant: nothing pending; active again: the review is chased again.
            #expect(try await daemon.ctl(["agreement", "update", "1", "--status", "dormant"]).exitCode == 0)
            #expect(try await Self.reminders(daemon, about: "agreement:1").allSatisfy { $0["state"] as? String != "pending" })
            #expect(try await daemon.ctl(["agreement", "update", "1", "--status", "active"]).exitCode == 0)
            #expect(try await Self.reminders(daemon, about: "agreement:1").contains { $0["state"] as? String == "pending" })
        }
    }

    @Test func aVisitStartingSoonIsToldAtOnceAndReportingItEndsItsFollowUp() async throws {
        try await withDaemon { daemon, _ in
            for command in [
                ["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
                ["city", "add", "--name", "Utena", "--country", "LT", "--timezone", "Europe/Vilnius"],
                ["visit", "add", "--city", "Utena", "--direction", "incoming", "--from", isoDay(fromToday: 3), "--to", isoDay(fromToday: 5),
                 "--purpose", "Study visit on elderly care"],
                ["visit", "add", "--city", "Utena", "--direction", "outgoing", "--from", isoDay(fromToday: -3), "--to", isoDay(fromToday: 1),
                 "--purpose", "Culture week"],
            ] {
                let result = try await daemon.ctl(command)
                try #require(result.exitCode == 0, "\(command): \(result.stderr)")
            }
            // Visit 1 starts in 3 days: the 14-day reminder's time has passed, it is sent at once.
            try await eventually("the short-notice reminder to be sent") {
                try await Self.reminders(daemon, about: "visit:1").contains {
                    $0["rule"] as? String == "visit-14-days-before" && $0["state"] as? String == "sent"
                }
            }
            // Moving the imminent visit by a day does not announce it a second time.
            #expect(try await daemon.ctl(["visit", "update", "1", "--from", isoDay(fromToday: 4), "--to", isoDay(fromToday: 6)]).exitCode == 0)
            let lead = try await Self.reminders(daemon, about: "visit:1").filter { $0["rule"] as? String == "visit-14-days-before" }
            #expect(lead.count == 1, "\(lead)")

            // Visit 2 is under way: upcoming shows it, with its purpose.
            let upcoming = try await daemon.ctl(["--json", "upcoming", "--days", "1"])
            #expect(upcoming.stdout.contains("Culture week"), "\(upcoming.stdout)")
            #expect(!upcoming.stdout.contains("Study visit"), "visit 1 starts in 3 days, beyond --days 1")
            let negative = try await daemon.ctl(["upcoming", "--days", "-1"])
            #expect(negative.exitCode != 0 && negative.stderr.contains("days"), "\(negative.stderr)")

            // What is owed, then reported: the follow-up is cancelled.
            let owed = try await daemon.ctl(["--json", "visit", "list", "--reported", "false"])
            #expect(owed.exitCode == 0, "\(owed.stderr)")
            #expect(owed.stdout.contains("Culture week"))
            let followUp = { try await Self.reminders(daemon, about: "visit:2").filter { $0["rule"] as? String == "visit-follow-up" } }
            #expect(try await followUp().contains { $0["state"] as? String == "pending" })
            #expect(try await daemon.ctl(["visit", "update", "2", "--reported", "true"]).exitCode == 0)
            let afterReport = try await followUp()
            #expect(!afterReport.isEmpty && afterReport.allSatisfy { $0["state"] as? String == "cancelled" }, "\(afterReport)")
            let reported = try await daemon.ctl(["--json", "visit", "list", "--reported", "false"])
            #expect(!reported.stdout.contains("Culture week"))
        }
    }
}

/// `agenda` on the quickstart's example data: one list by date of what is coming, with
/// what the office still lacks.
@Suite struct AgendaTests {
    @Test func theAgendaListsJubileesVisitsAndWhatIsMissingByDate() async throws {
        try await withDaemon { daemon, _ in
            try await loadExampleData(into: daemon)
            let result = try await daemon.ctl(["--json", "agenda", "--days", "400"])
            try #require(result.exitCode == 0, "\(result.stderr)")
            let rows = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
            let dates = rows.compactMap { $0["from"] as? String }
            #expect(dates == dates.sorted(), "chronological: \(dates)")
            let whats = rows.compactMap { $0["what"] as? String }
            let thisYear = Calendar(identifier: .gregorian).component(.year, from: Date())
            for (city, since) in [("Utena", 1997), ("Lusaka", 2017)] {
                let years = 5 * Int((Double(thisYear + 1 - since) / 5).rounded(.up))
                if since + years <= thisYear + 1 {
                    #expect(whats.contains("\(years) years: \(city == "Utena" ? "twin-town" : "municipal-partnership") with \(city)"), "\(whats)")
                }
            }
            #expect(!whats.contains { $0.contains("Xindu") }, "dormant Xindu has no jubilee")
            #expect(rows.contains { $0["type"] as? String == "visit" })

            // A visit nobody is responsible for and no rule reaches says so.
            for command in [
                ["visit", "add", "--city", "Utena", "--direction", "incoming", "--from", isoDay(fromToday: 20), "--to", isoDay(fromToday: 22)],
                ["rule", "update", "visit-14-days-before", "--active", "false"],
                ["rule", "update", "visit-2-days-before", "--active", "false"],
                ["rule", "update", "visit-follow-up", "--active", "false"],
            ] {
                let step = try await daemon.ctl(command)
                try #require(step.exitCode == 0, "\(command): \(step.stderr)")
            }
            let utena = try await daemon.ctl(["--json", "agenda", "--days", "30", "--city", "Utena"])
            let visits = try #require(try JSONSerialization.jsonObject(with: Data(utena.stdout.utf8)) as? [[String: Any]])
                .filter { $0["type"] as? String == "visit" }
            #expect(visits.count == 1)
            #expect(visits.first?["missing"] as? String == "responsible contact, no reminder", "\(visits)")
            let bad = try await daemon.ctl(["agenda", "--days", "-1"])
            #expect(bad.exitCode == 1 && bad.stderr.contains("days"), "\(bad.stderr)")
            let nowhere = try await daemon.ctl(["agenda", "--city", "Atlantis"])
            #expect(nowhere.exitCode == 1 && nowhere.stderr.contains("city"), "\(nowhere.stderr)")
        }
    }
}
