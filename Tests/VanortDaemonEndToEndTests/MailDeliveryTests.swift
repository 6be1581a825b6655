import Foundation
import Testing
import VanortTestSupport

/// True when Debian's `msmtp` and Python's `aiosmtpd` are here (deploy/test.sh installs both).
let smtpPeersAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/msmtp")
    && ((try? Process.run(URL(fileURLWithPath: "/usr/bin/env"), arguments: ["python3", "-c", "import aiosmtpd"]))
        .map { process in process.waitUntilExit(); return process.terminationStatus == 0 } ?? false)

/// A reminder mail as a person receives it: vanortd hands it to a real sendmail (Debian's
/// msmtp), which speaks SMTP on loopback to a real server (Python's aiosmtpd) that stores
/// what it received; Python's `email` parser and `icalendar` read it back.
@Suite(.enabled(if: smtpPeersAvailable, "needs msmtp and Python's aiosmtpd (deploy/test.sh installs them)"))
struct MailDeliveryTests {
    /// An SMTP server on a free loopback port that writes each message it receives to
    /// `directory` as N.eml; the port is written to `directory/port` once it listens.
    static let sink = """
        import asyncio, os, socket, sys
        from aiosmtpd.controller import Controller
        directory = sys.argv[1]
        class Store:
            count = 0
            async def handle_DATA(self, server, session, envelope):
                Store.count += 1
                path = os.path.join(directory, '%d.eml' % Store.count)
                with open(path + '.part', 'wb') as f:
                    f.write(envelope.original_content or envelope.content)
                os.rename(path + '.part', path)
                with open(path + '.rcpt', 'w') as f:
                    f.write(','.join(envelope.rcpt_tos))
                return '250 OK'
        # A free port: aiosmtpd's Controller cannot take port 0 (it probes the port it was given).
        probe = socket.socket()
        probe.bind(('127.0.0.1', 0))
        port = probe.getsockname()[1]
        probe.close()
        controller = Controller(Store(), hostname='127.0.0.1', port=port)
        controller.start()
        with open(os.path.join(directory, 'port.part'), 'w') as f:
            f.write(str(port))
        os.rename(os.path.join(directory, 'port.part'), os.path.join(directory, 'port'))
        asyncio.get_event_loop().run_forever()
        """

    /// Reads a message with Python's `email` parser: headers decoded, the text part, and the
    /// calendar attachment read by icalendar.
    static let reader = """
        import email, email.policy, json, sys, icalendar
        msg = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
        text = msg.get_body(preferencelist=('plain',)).get_content()
        events = []
        for part in msg.iter_attachments():
            if part.get_content_type() == 'text/calendar':
                cal = icalendar.Calendar.from_ical(part.get_content())
                for e in cal.walk('VEVENT'):
                    events.append({'summary': str(e['SUMMARY']), 'start': e['DTSTART'].dt.isoformat(),
                                   'end': e['DTEND'].dt.isoformat(), 'location': str(e.get('LOCATION', '')),
                                   'filename': part.get_filename()})
        print(json.dumps({'from': str(msg['From']), 'from_name': msg['From'].addresses[0].display_name,
                          'to': str(msg['To']), 'subject': str(msg['Subject']), 'language': msg['Content-Language'],
                          'text': text, 'events': events}))
        """

    @Test func aReminderArrivesByRealSMTPSayingWhatWhenWhereWhoAndHowToActWithItsEvent() async throws {
        let directory = try DaemonProcess.makeDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try ChildProcess.spawn("/usr/bin/env", ["python3", "-c", Self.sink, directory.path], environment: ProcessInfo.processInfo.environment)
        defer { server.signal(SIGTERM) }
        let portFile = directory.appendingPathComponent("port")
        try await eventually("the SMTP sink to listen", within: .seconds(30)) { FileManager.default.fileExists(atPath: portFile.path) }
        let port = try String(contentsOf: portFile, encoding: .utf8)
        let sendmail = "/usr/bin/msmtp --host=127.0.0.1 --port=\(port) --auth=off --tls=off --read-envelope-from -t"
        try await withDaemon(arguments: ["--sendmail-command", sendmail, "--mail-from", "Internationella kontoret <intl@linkoping.example>"]) { daemon, _ in
            try await succeed(daemon, [
                ["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"],
                ["city", "add", "--name", "Palo Alto", "--country", "US", "--timezone", "America/Los_Angeles"],
                ["contact", "add", "--name", "Åsa Öberg", "--staff", "true", "--email", "asa.oberg@linkoping.example", "--language", "sv"],
                // Starting in five days: the 14-days-before reminder is due at once (short notice).
                ["visit", "add", "--city", "Palo Alto", "--direction", "outgoing", "--kind", "studiebesök", "--from", isoDay(fromToday: 5),
                 "--to", isoDay(fromToday: 9), "--contact", "Åsa Öberg", "--participants", "12", "--purpose", "Smart City-studiebesök"],
            ])
            let mail = directory.appendingPathComponent("1.eml")
            try await eventually("the reminder mail to arrive") { FileManager.default.fileExists(atPath: mail.path) }
            let read = try await CommandResult.run(URL(fileURLWithPath: "/usr/bin/env"), ["python3", "-c", Self.reader, mail.path])
            try #require(read.exitCode == 0, "Python could not read the mail: \(read.stderr)")
            let message = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any])
            #expect(try String(contentsOf: directory.appendingPathComponent("1.eml.rcpt"), encoding: .utf8) == "asa.oberg@linkoping.example")
            #expect(message["from_name"] as? String == "Internationella kontoret")
            #expect((message["from"] as? String)?.contains("<intl@linkoping.example>") == true)
            #expect(message["to"] as? String == "Åsa Öberg <asa.oberg@linkoping.example>")
            #expect(message["language"] as? String == "sv")
            let from = isoDay(fromToday: 5), to = isoDay(fromToday: 9)
            #expect(message["subject"] as? String == "Kommande besök: Palo Alto (\(from) – \(to))")
            let text = try #require(message["text"] as? String)
            for line in ["Typ: studiebesök", "Riktning: utgående", "När: \(from) – \(to)", "Var: Palo Alto, US", "Ansvarig: Åsa Öberg",
                         "Antal resenärer: 12", "Syfte: Smart City-studiebesök", "Kvittera: vanortctl reminder ack ",
                         "Skjut upp: vanortctl reminder snooze "] {
                #expect(text.contains(line), "\(line) in:\n\(text)")
            }
            let events = try #require(message["events"] as? [[String: Any]])
            #expect(events.count == 1)
            #expect(events.first?["start"] as? String == from)
            #expect(events.first?["location"] as? String == "Palo Alto, US")
            #expect(events.first?["filename"] as? String == "vanort.ics")
            // The delivery is recorded as sent to her address.
            let deliveries = try await daemon.ctl(["reminder", "deliveries", "1"])
            #expect(deliveries.stdout.contains("asa.oberg@linkoping.example"), "\(deliveries.stdout)")
        }
    }

    @Test func aSenderWithoutAnAddressIsAUsageErrorNamingTheSetting() async throws {
        let check = try await CommandResult.run(
            DaemonProcess.binDirectory.appendingPathComponent("vanortd"), ["check-config", "--mail-from", "Internationella kontoret"])
        #expect(check.exitCode != 0)
        #expect(check.stderr.contains("mail-from"), "\(check.stderr)")
    }
}
