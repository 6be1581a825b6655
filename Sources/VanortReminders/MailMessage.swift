import Foundation
import VanortDomain

/// An RFC 5322 message with a UTF-8 plain-text body and, when the reminder is about a dated
/// event, the event as an iCalendar attachment (multipart/mixed, RFC 2046): encoded-word
/// headers (RFC 2047) for non-ASCII names and subjects, base64 parts, CRLF line ends. The
/// Message-ID is stable per reminder and recipient, so a redelivered reminder is
/// recognisable as the same mail.
public struct MailMessage: Sendable {
    public var from: MailAddress
    public var to: ReminderRecipient
    public var subject: String
    public var body: String
    public var date: Date
    public var messageID: String
    /// The reminder the mail tells of (`X-Vanort-Reminder`); nil for other mail (an invitation).
    public var reminderID: Int?
    /// The event as an iCalendar object (`vanort.ics`), or nil for none.
    public var calendar: String?

    public init(
        from: MailAddress, to: ReminderRecipient, subject: String, body: String, date: Date, messageID: String, reminderID: Int?,
        calendar: String? = nil
    ) {
        self.calendar = calendar
        self.from = from
        self.to = to
        self.subject = subject
        self.body = body
        self.date = date
        self.messageID = messageID
        self.reminderID = reminderID
    }

    public var rendered: String {
        var headers = [
            "From: " + Self.mailbox(name: from.name, address: from.address),
            "To: " + Self.mailbox(name: to.name, address: to.email ?? ""),
            "Subject: " + Self.encodedWords(subject),
            "Date: " + Self.rfc5322Date(date),
            "Message-ID: <\(messageID)>",
            "MIME-Version: 1.0",
            "Content-Language: \(to.language.rawValue)",
            "Auto-Submitted: auto-generated",
        ] + (reminderID.map { ["X-Vanort-Reminder: \($0)"] } ?? [])
        let text = ["Content-Type: text/plain; charset=UTF-8", "Content-Transfer-Encoding: base64"]
        guard let calendar else {
            return (headers + text).joined(separator: "\r\n") + "\r\n\r\n" + Self.base64(body)
        }
        // A boundary that cannot occur in base64 (it has '=' and '_').
        let boundary = "=_vanort_\(reminderID ?? 0)_\(to.contactID)"
        headers.append("Content-Type: multipart/mixed; boundary=\"\(boundary)\"")
        let attachment = [
            "Content-Type: text/calendar; charset=UTF-8; method=PUBLISH; name=\"vanort.ics\"",
            "Content-Disposition: attachment; filename=\"vanort.ics\"", "Content-Transfer-Encoding: base64",
        ]
        return headers.joined(separator: "\r\n") + "\r\n\r\n"
            + "--\(boundary)\r\n" + text.joined(separator: "\r\n") + "\r\n\r\n" + Self.base64(body)
            + "--\(boundary)\r\n" + attachment.joined(separator: "\r\n") + "\r\n\r\n" + Self.base64(calendar)
            + "--\(boundary)--\r\n"
    }

    /// `text` with CRLF line ends, base64 in lines of 76, ending in CRLF.
    static func base64(_ text: String) -> String {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        return Data(normalized.utf8).base64EncodedString(options: [.lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed]) + "\r\n"
    }

    /// `"Name" <address>`, the name encoded when it is not plain ASCII.
    static func mailbox(name: String, address: String) -> String {
        let plain = name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " " || $0 == "-" || $0 == ".") }
        return (plain ? "\"\(name)\"" : encodedWords(name)) + " <\(address)>"
    }

    /// The text as itself when it is short printable ASCII, else as `=?UTF-8?B?…?=` words
    /// of at most 75 characters on folded lines, never splitting a character.
    static func encodedWords(_ text: String) -> String {
        let clean = text.replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\n", with: " ")
        if clean.allSatisfy({ $0.isASCII && !$0.isNewline }) && clean.utf8.count <= 70 { return clean }
        var words: [String] = []
        var chunk = ""
        for character in clean {
            // 45 bytes of UTF-8 become 60 base64 characters: 72 with the =?UTF-8?B? ?= frame.
            if (chunk + String(character)).utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\r\n ")
    }

    /// `Mon, 22 Nov 2027 09:00:00 +0000`.
    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }
}
