import Foundation
import Testing
import VanortTestSupport

/// True when Debian's Chromium and its driver, and Python's selenium, axe-selenium-python,
/// requests, prometheus-client and icalendar are here (deploy/test.sh installs them).
let webPeersAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/chromedriver")
    && ((try? Process.run(
        URL(fileURLWithPath: "/usr/bin/env"),
        arguments: ["python3", "-c", "import selenium, axe_selenium_python, requests, prometheus_client, icalendar"]))
        .map { process in process.waitUntilExit(); return process.terminationStatus == 0 } ?? false)

/// The web face (`--http-listen`) as its people and programs use it: a volunteer follows
/// the invitation mail in a real browser (Chromium, through selenium, with axe checking
/// every page), a calendar program reads a feed (Python's icalendar), Prometheus's own
/// parser reads `/metrics`, and a probe reads `/healthz`.
@Suite(.enabled(if: webPeersAvailable, "needs chromium, chromium-driver and Python's selenium, axe-selenium-python, requests, prometheus-client, icalendar"))
struct WebFaceTests {
    /// A daemon with the web face on a free loopback port whose sendmail writes each
    /// message to a file of `mail`; `body` gets the daemon, the face's address and the folder.
    static func withWebFace(_ body: (DaemonProcess, String, URL) async throws -> Void) async throws {
        let port = try FreePort.loopback()
        let mail = try DaemonProcess.makeDirectory()
        defer { try? FileManager.default.removeItem(at: mail) }
        let sendmail = "cat > \"$(mktemp \(mail.path)/mail.XXXXXX)\""
        try await withDaemon(arguments: ["--http-listen", "127.0.0.1:\(port)", "--sendmail-command", sendmail]) { daemon, _ in
            let base = "http://127.0.0.1:\(port)"
            // The face listens once its service has started, which READY does not wait for.
            _ = try await python(Self.healthy, [base])
            try await body(daemon, base, mail)
        }
    }

    /// Waits (bounded) until `/healthz` answers; prints its status.
    static let healthy = """
        import sys, time, requests
        for _ in range(100):
            try:
                print(requests.get(sys.argv[1] + '/healthz', timeout=2).status_code); break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            sys.exit('the web face did not answer')
        """

    /// Runs an inline Python script; its standard output, or a failed expectation.
    static func python(_ script: String, _ arguments: [String]) async throws -> String {
        let result = try await CommandResult.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", script] + arguments)
        try #require(result.exitCode == 0, "\(result.stderr)\(result.stdout)")
        return result.stdout
    }

    /// Runs a browser flow with its arguments (and where to put screenshots, from
    /// `VANORT_SCREENSHOTS`); what it found.
    static func browse(_ flow: String, _ arguments: [String]) async throws -> [String: Any] {
        let screenshots = ProcessInfo.processInfo.environment["VANORT_SCREENSHOTS"] ?? "-"
        let run = try await CommandResult.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", flow] + arguments + [screenshots])
        try #require(run.exitCode == 0, "\(run.stdout)\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    /// The link an invitation prints (`vanortctl account invite --json`).
    static func invite(_ daemon: DaemonProcess, _ email: String, association: String? = nil, role: String? = nil) async throws -> String {
        let whom = association.map { ["--association", $0] } ?? ["--role", role ?? "staff"]
        let invited = try await daemon.ctl(["--json", "account", "invite", "--email", email] + whom)
        try #require(invited.exitCode == 0, "\(invited.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(invited.stdout.utf8)) as? [String: Any]
        return try #require(object?["link"] as? String)
    }

    @Test func aVolunteerFollowsTheInvitationMailRegistersAVisitAndSignsOutAndOthersSeeNothingOfIt() async throws {
        try await Self.withWebFace { daemon, base, mail in
            try await succeed(daemon, [
                ["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
                ["city", "add", "--name", "Kecskemét", "--country", "HU", "--timezone", "Europe/Budapest"],
                ["association", "add", "--name", "Neighbors Abroad", "--kind", "friendship-association", "--city", "Linköping"],
                ["association", "add", "--name", "Kecskemét-föreningen", "--kind", "friendship-association", "--city", "Linköping"],
            ])
            let link = try await Self.invite(daemon, "anna.berg@example.org", association: "Neighbors Abroad")
            let other = try await Self.invite(daemon, "erik@example.org", association: "Kecskemét-föreningen")
            #expect(link.hasPrefix(base + "/invite/"))

            // The mail the person receives carries the same one-time link, in both languages.
            let mails = try FileManager.default.contentsOfDirectory(atPath: mail.path).sorted()
            try #require(mails.count == 2, "one mail per invitation: \(mails)")
            var received: [String] = []
            for name in mails { received.append(try await Self.python(Self.mailReader, [mail.appendingPathComponent(name).path])) }
            let annas = try #require(received.first { $0.contains(link) }, "the mailed link is the one printed: \(received)")
            #expect(annas.contains("To: anna.berg@example.org") || annas.contains("<anna.berg@example.org>"), "\(annas)")
            #expect(annas.contains("Välj ditt lösenord här:") && annas.contains("Choose your password here:"))
            #expect(annas.contains("Neighbors Abroad"), "the mail names the association")
            #expect(received.contains { $0.contains(other) })

            let found = try await Self.browse(Self.browserFlow, [base, link, "anna.berg@example.org", other, "erik@example.org"])
            #expect((found["pages"] as? [String])?.count == 8, "\(found)")
            #expect((found["violations"] as? [Any])?.isEmpty == true, "axe found serious or critical violations: \(found)")
            #expect(found["without_form_token"] as? Int == 403, "a form without its token is refused")
            #expect(found["after_sign_out"] as? Int == 303, "a signed-out session reaches no page")
            #expect(found["other_sign_in"] as? Int == 303)
            #expect(found["other_sees_visit"] as? Bool == false, "another association's member sees none of it")
            #expect(found["other_opens_visit"] as? Int == 404, "nor opens it by its address")
            #expect(found["other_changes_visit"] as? Int == 404, "nor changes it")

            // The visit is in the register, the association's, with its audit entry by the account.
            let visits = try await daemon.ctl(["--json", "visit", "list", "--search", "Körresa till vänorten"])
            #expect(visits.stdout.contains("\"association\":\"Neighbors Abroad\""), "\(visits.stdout)")
            #expect(visits.stdout.contains("\"participants\":14"))
            let participants = try await daemon.ctl(["--json", "participant", "list"])
            #expect(participants.stdout.contains("\"name\":\"Ella Lind\"") && participants.stdout.contains("\"minor\":true"), "\(participants.stdout)")
            #expect(participants.stdout.contains("\"consent_by\":\"Maria Lind\""), "the guardian's consent is recorded")
            let audit = try await daemon.ctl(["audit", "list", "--limit", "50"]).stdout
            #expect(audit.contains("visit add") && audit.contains("account:1") && audit.contains("201"), "\(audit)")
            #expect(audit.contains("web sign-in email=anna.berg@example.org\t401"), "a failed sign-in is audited: \(audit)")
            // A used invitation does not open again.
            let again = try await Self.python("import sys, requests; print(requests.get(sys.argv[1]).status_code)", [link])
            #expect(again.trimmingCharacters(in: .whitespacesAndNewlines) == "404")
        }
    }

    @Test func staffAcknowledgeAndSnoozeRemindersAndPrintAPartnershipsReview() async throws {
        try await Self.withWebFace { daemon, base, _ in
            try await loadExampleData(into: daemon)
            // The example data's jubilees whose lead time has passed are sent at once.
            try await eventually("two reminders sent") {
                try await daemon.ctl(["reminder", "list", "--state", "sent"]).stdout.split(separator: "\n").count >= 3
            }
            let link = try await Self.invite(daemon, "karin@example.org", role: "staff")
            let city = try await daemon.ctl(["--json", "city", "show", "Kecskemét"])
            let id = try #require((try JSONSerialization.jsonObject(with: Data(city.stdout.utf8)) as? [String: Any])?["id"] as? Int)
            let found = try await Self.browse(Self.officeFlow, [base, link, "karin@example.org", String(id)])
            #expect((found["violations"] as? [Any])?.isEmpty == true, "axe found serious or critical violations: \(found)")
            #expect((found["pages"] as? [String]) == ["office-agenda", "reminders", "city", "review"], "\(found)")
            let snoozed = try #require(found["snoozed"] as? Int)
            let acked = try #require(found["acked"] as? Int)
            let first = try await daemon.ctl(["--json", "reminder", "show", String(snoozed)]).stdout
            #expect(first.contains("\"state\":\"pending\"") && first.contains("2031-01-15T09:00"), "snoozed to the day chosen: \(first)")
            #expect(try await daemon.ctl(["--json", "reminder", "show", String(acked)]).stdout.contains("\"state\":\"acked\""))
            let sections = found["city_sections"] as? [String] ?? []
            #expect(["Stad", "Avtal", "Nätverk", "Besök", "Utbyten", "Kontakter"].allSatisfy(sections.contains), "\(sections)")
            #expect(found["review_title"] as? String == "Utvärdering av partnerskapet: Kecskemét")
            #expect((found["review_sections"] as? [String])?.contains("Avtal") == true, "\(found)")
        }
    }

    @Test func signingInIsRateLimitedPerAddressAndEveryAttemptIsAudited() async throws {
        try await Self.withWebFace { daemon, base, _ in
            let attempts = try await Self.python(Self.guesser, [base, "nobody@example.org", "7"])
            let codes = attempts.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            #expect(codes == [401, 401, 401, 401, 401, 429, 429], "five wrong guesses, then a wait: \(codes)")
            let audit = try await daemon.ctl(["audit", "list", "--limit", "20"]).stdout
            #expect(audit.components(separatedBy: "web sign-in email=nobody@example.org").count - 1 == 7, "\(audit)")
        }
    }

    @Test func aContactsCalendarFeedIsReadByACalendarProgramUntilItIsRevoked() async throws {
        try await Self.withWebFace { daemon, base, _ in
            try await succeed(daemon, [
                ["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
                ["city", "add", "--name", "Utena", "--country", "LT", "--timezone", "Europe/Vilnius"],
                ["contact", "add", "--name", "Karin Ek", "--staff", "true", "--email", "karin.ek@example.org"],
                ["contact", "add", "--name", "Jonas Partner"],
                ["visit", "add", "--direction", "incoming", "--city", "Utena", "--from", isoDay(fromToday: 20), "--to", isoDay(fromToday: 22),
                 "--kind", "study", "--purpose", "Äldreomsorg"],
            ])
            let refused = try await daemon.ctl(["calendar", "subscribe", "--contact", "Jonas Partner"])
            #expect(refused.exitCode == 1 && refused.stderr.contains("neither staff nor an association's contact"), "\(refused.stderr)")
            let subscribed = try await daemon.ctl(["--json", "calendar", "subscribe", "--contact", "Karin Ek"])
            try #require(subscribed.exitCode == 0, "\(subscribed.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(subscribed.stdout.utf8)) as? [String: Any]
            let address = try #require(object?["address"] as? String)
            #expect(address.hasPrefix(base + "/calendar/") && address.hasSuffix(".ics"))
            let read = try await Self.python(Self.calendarReader, [address])
            #expect(read.contains("VEVENT") && read.contains("Utena"), "\(read)")
            #expect(try await daemon.ctl(["calendar", "feeds"]).stdout.contains("Karin Ek"))
            let wrong = try await Self.python("import sys, requests; print(requests.get(sys.argv[1]).status_code)", [String(address.dropLast(5)) + "x.ics"])
            #expect(wrong.contains("404"), "a wrong secret finds nothing")
            try await succeed(daemon, [["calendar", "unsubscribe", "1"]])
            let revoked = try await Self.python("import sys, requests; print(requests.get(sys.argv[1]).status_code)", [address])
            #expect(revoked.contains("404"), "a revoked feed answers 404")
        }
    }

    @Test func healthAndMetricsAnswerProbesAndPrometheus() async throws {
        try await Self.withWebFace { daemon, base, _ in
            #expect(try await daemon.ctl(["ping"]).exitCode == 0)
            let metrics = try await Self.python(Self.metricsReader, [base + "/metrics"])
            #expect(metrics.contains("vanort_commands counter"), "\(metrics)")
            #expect(metrics.contains("vanort_database_up gauge"))
            let health = try await Self.python(Self.healthy, [base])
            #expect(health.trimmingCharacters(in: .whitespacesAndNewlines) == "200")
        }
    }

    @Test(.enabled(if: SpareCluster.isAvailable, "needs the spare cluster from deploy/test.sh"))
    func healthzIs503WhileTheDatabaseIsDownAnd200AgainOnceItIsBack() async throws {
        let adminURL = try #require(SpareCluster.adminURL)
        let port = try FreePort.loopback()
        let base = "http://127.0.0.1:\(port)"
        func health() async throws -> String {
            try await Self.python("import sys, requests; print(requests.get(sys.argv[1] + '/healthz', timeout=10).status_code)", [base])
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try await SpareCluster.exclusive {
            try await withDaemon(arguments: ["--http-listen", "127.0.0.1:\(port)"], on: adminURL) { _, _ in
                #expect(try await Self.python(Self.healthy, [base]).contains("200"))
                try await SpareCluster.stop()
                #expect(try await health() == "503")
                try await SpareCluster.start()
                try await eventually("the database to answer again", poll: .milliseconds(200)) { try await health() == "200" }
            }
        }
    }

    /// The browser flows (`Browser/web_flow.py`, a volunteer's; `Browser/office_flow.py`, staff's).
    static let browserFlow = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Browser/web_flow.py").path
    static let officeFlow = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Browser/office_flow.py").path

    /// Prints a stored mail's headers and its text as a mail program shows them.
    static let mailReader = """
        import email, sys
        from email import policy
        message = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=policy.default)
        print('To:', message['To']); print('Subject:', message['Subject'])
        print(message.get_body(preferencelist=('plain',)).get_content())
        """

    /// Wrong passwords for one address, one after another; prints each answer's status.
    static let guesser = """
        import sys, requests
        base, address, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
        session = requests.Session()
        codes = []
        for n in range(count):
            page = session.get(base + '/')
            token = page.text.split('name="form_token" value="')[1].split('"')[0]
            answer = session.post(base + '/sign-in', data={'form_token': token, 'email': address, 'password': 'guess %d' % n}, allow_redirects=False)
            codes.append(str(answer.status_code))
        print(' '.join(codes))
        """

    /// Reads a feed as a calendar program does; prints `VEVENT <summary>` per event.
    static let calendarReader = """
        import sys, requests, icalendar
        answer = requests.get(sys.argv[1])
        assert answer.status_code == 200, answer.status_code
        assert answer.headers['Content-Type'].startswith('text/calendar'), answer.headers['Content-Type']
        for event in icalendar.Calendar.from_ical(answer.content).walk('VEVENT'):
            print('VEVENT', str(event['SUMMARY']))
        """

    /// Reads `/metrics` with Prometheus's own parser; prints `<family> <type>` per family.
    static let metricsReader = """
        import sys, requests
        from prometheus_client.parser import text_string_to_metric_families
        answer = requests.get(sys.argv[1])
        assert answer.status_code == 200, answer.status_code
        for family in text_string_to_metric_families(answer.text):
            print(family.name, family.type)
        """
}
