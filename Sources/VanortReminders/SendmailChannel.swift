import Foundation
import VanortDomain

/// `--sendmail-command`: one RFC 5322 message per recipient, in the recipient's language,
/// piped to a sendmail-compatible command (`/usr/sbin/sendmail -t -i`). A recipient without
/// an e-mail address is recorded as skipped, never silently dropped.
public struct SendmailChannel: ReminderChannel {
    let command: ExternalCommand
    let from: MailAddress
    let hostname: String
    /// The home municipality, for the calendar attachment's stable UID.
    let home: String
    /// The message's Date and the attachment's DTSTAMP.
    let clock: WallClock

    public init(command: ExternalCommand, from: MailAddress, home: String, hostname: String = ProcessInfo.processInfo.hostName, clock: WallClock = .system) {
        self.command = command
        self.from = from
        self.home = home
        self.hostname = hostname
        self.clock = clock
    }

    public var isExternal: Bool { true }

    public func deliver(_ reminder: DueReminder) async -> [DeliveryAttempt] {
        var attempts: [DeliveryAttempt] = []
        for recipient in reminder.recipients {
            let key = "email:\(recipient.contactID)"
            guard !reminder.doneChannels.contains(key) else { continue }
            guard let address = recipient.email else {
                attempts.append(DeliveryAttempt(
                    channel: "email", key: key, recipient: recipient.name, contactID: recipient.contactID, result: .skipped,
                    error: "no e-mail address"))
                continue
            }
            let notice = reminder.notice
            let calendar = notice.calendarEvent(home: home, language: recipient.language).map { event in
                ICalendar.lines([event], name: notice.subject(in: recipient.language), stamp: clock.now()).joined(separator: "\r\n") + "\r\n"
            }
            let message = MailMessage(
                from: from, to: recipient, subject: notice.subject(in: recipient.language),
                body: notice.body(in: recipient.language, reminderID: reminder.id), date: clock.now(),
                messageID: "reminder-\(reminder.id)-\(recipient.contactID)@\(hostname)", reminderID: reminder.id, calendar: calendar)
            let outcome = await command.run(input: Data(message.rendered.utf8))
            attempts.append(DeliveryAttempt(
                channel: "email", key: key, recipient: address, contactID: recipient.contactID,
                result: outcome.succeeded ? .sent : .failed, error: outcome.succeeded ? nil : outcome.failure))
        }
        return attempts
    }
}
