import Foundation
import Testing
import VanortDomain
@testable import VanortReminders
import VanortStore

@Suite struct MailMessageTests {
    let recipient = ReminderRecipient(contactID: 7, name: "Åsa Öberg", email: "asa@example.org", language: .sv)

    private func message(subject: String) -> MailMessage {
        MailMessage(
            from: MailAddress(name: "vanort", address: "vanort@example.org"), to: recipient, subject: subject, body: "Rad ett\nRad två: åäö\n",
            date: Date(timeIntervalSince1970: 1_795_348_800), messageID: "reminder-3-7@host", reminderID: 3)
    }

    /// The header block unfolded (continuation lines joined), by name.
    private func headers(_ rendered: String) -> [String: String] {
        let head = rendered.components(separatedBy: "\r\n\r\n")[0].replacingOccurrences(of: "\r\n ", with: " ")
        var fields: [String: String] = [:]
        for line in head.components(separatedBy: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            fields[String(parts[0])] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        return fields
    }

    /// Decodes RFC 2047 `=?UTF-8?B?…?=` words separated by spaces.
    private func decodeWords(_ text: String) -> String {
        text.split(separator: " ").map { word -> String in
            guard word.hasPrefix("=?UTF-8?B?"), word.hasSuffix("?=") else { return String(word) }
            let base64 = word.dropFirst(10).dropLast(2)
            return String(decoding: Data(base64Encoded: String(base64)) ?? Data(), as: UTF8.self)
        }.joined()
    }

    @Test func aMessageHasTheRFC5322HeadersAndCRLFLines() {
        let rendered = message(subject: "Kommande besök: Kecskemét (2027-05-03)").rendered
        let fields = headers(rendered)
        #expect(fields["Date"] == "Sun, 22 Nov 2026 12:00:00 +0000")
        #expect(fields["Message-ID"] == "<reminder-3-7@host>")
        #expect(fields["MIME-Version"] == "1.0")
        #expect(fields["Content-Type"] == "text/plain; charset=UTF-8")
        #expect(fields["To"]?.hasSuffix("<asa@example.org>") == true)
        #expect(decodeWords(fields["Subject"] ?? "") == "Kommande besök: Kecskemét (2027-05-03)")
        #expect(decodeWords(String((fields["To"] ?? "").split(separator: "<")[0]).trimmingCharacters(in: .whitespaces)) == "Åsa Öberg")
        #expect(!rendered.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")
        for line in rendered.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line)") }
    }

    @Test func theBodyIsUTF8InBase64() {
        let rendered = message(subject: "Reminder").rendered
        let body = rendered.components(separatedBy: "\r\n\r\n")[1].replacingOccurrences(of: "\r\n", with: "")
        let decoded = String(decoding: Data(base64Encoded: body) ?? Data(), as: UTF8.self)
        #expect(decoded == "Rad ett\r\nRad två: åäö\r\n")
        #expect(headers(rendered)["Subject"] == "Reminder")
    }

    @Test func aLongSubjectIsSplitIntoWordsWithoutBreakingCharacters() {
        let subject = String(repeating: "Utvärdering av partnerskapet med Kecskemét ", count: 4)
        let fields = headers(message(subject: subject).rendered)
        #expect(decodeWords(fields["Subject"] ?? "") == subject.replacingOccurrences(of: "\n", with: " "))
    }

    @Test func aSenderMayHaveADisplayNameAndABadOneIsRefused() {
        #expect(MailAddress(parsing: "Internationella kontoret <intl@linkoping.se>") == MailAddress(name: "Internationella kontoret", address: "intl@linkoping.se"))
        #expect(MailAddress(parsing: "\"Intl office\" <intl@example.org>")?.name == "Intl office")
        #expect(MailAddress(parsing: "intl@example.org") == MailAddress(name: "vanort", address: "intl@example.org"))
        for bad in ["Internationella kontoret", "intl@", "<>", "a b@example.org", "Name <not an address>"] {
            #expect(MailAddress(parsing: bad) == nil, "\(bad)")
        }
        let named = MailMessage(
            from: MailAddress(name: "Internationella kontoret", address: "intl@example.org"), to: recipient, subject: "x", body: "y",
            date: Date(timeIntervalSince1970: 0), messageID: "m@h", reminderID: 1).rendered
        #expect(headers(named)["From"] == "\"Internationella kontoret\" <intl@example.org>")
    }

    @Test func aDatedEventComesAsAnICalendarAttachmentBesideTheText() {
        var withCalendar = message(subject: "Kommande besök")
        withCalendar.calendar = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
        let rendered = withCalendar.rendered
        let type = headers(rendered)["Content-Type"] ?? ""
        #expect(type.hasPrefix("multipart/mixed; boundary="))
        let boundary = type.components(separatedBy: "boundary=\"")[1].dropLast()
        let parts = rendered.components(separatedBy: "--\(boundary)")
        #expect(parts.count == 4, "preamble, two parts, the closing --")
        #expect(parts[1].contains("Content-Type: text/plain; charset=UTF-8"))
        #expect(parts[2].contains("Content-Type: text/calendar; charset=UTF-8; method=PUBLISH"))
        #expect(parts[2].contains("filename=\"vanort.ics\""))
        #expect(parts[3].hasPrefix("--"))
        for line in rendered.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 78, "\(line)") }
    }
}
