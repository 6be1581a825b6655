import Foundation
import VanortDomain
import VanortProtocol

/// A delivered reminder as one JSON object (the hook command's stdin and `reminder watch`
/// in JSON mode) or one tab-separated line (watch in text mode). Fields as `cli.md` lists,
/// plus the event's facts. Times are `LocalTime`'s one format, in `zone` (UTC for programs).
public enum ReminderPayload {
    public static func json(_ reminder: DueReminder, zone: TimeZone = .gmt) -> String {
        let notice = reminder.notice
        let language = reminder.recipients.first?.language ?? .sv
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("id"); writer.int(reminder.id)
        writer.key("due_at"); writer.string(LocalTime.string(reminder.dueAt, in: zone))
        writer.key("subject"); writer.string(notice.subject(in: language))
        writer.key("language"); writer.string(language.rawValue)
        writer.key("about"); writer.value(.from(notice.about))
        writer.key("recipients")
        writer.beginArray()
        for recipient in reminder.recipients {
            writer.beginObject()
            writer.key("contact_id"); writer.int(recipient.contactID)
            writer.key("name"); writer.string(recipient.name)
            writer.key("email"); writer.value(.from(recipient.email))
            writer.key("language"); writer.string(recipient.language.rawValue)
            writer.endObject()
        }
        writer.endArray()
        writer.key("late_seconds"); writer.number(String(format: "%.3f", reminder.lateSeconds))
        writer.key("attempt"); writer.int(reminder.attempt)
        writer.key("redelivery"); writer.bool(reminder.redelivery)
        writer.key("rule"); writer.value(.from(reminder.rule))
        writer.key("event"); writer.value(.from(notice.event?.rawValue))
        writer.key("title"); writer.value(.from(notice.title))
        writer.key("start"); writer.value(.from(notice.start?.description))
        writer.key("end"); writer.value(.from(notice.end?.description))
        writer.key("date"); writer.value(.from(notice.due?.description))
        writer.key("note"); writer.value(.from(notice.note))
        writer.endObject()
        return writer.output
    }

    /// `id  due_at  about  late_seconds  subject`, tab-separated and escaped like data rows.
    public static func line(_ reminder: DueReminder, zone: TimeZone = .gmt) -> String {
        let language = reminder.recipients.first?.language ?? .sv
        return [
            String(reminder.id), LocalTime.string(reminder.dueAt, in: zone), reminder.notice.about ?? "\\N",
            String(format: "%.3f", reminder.lateSeconds), ReplyEncoder.escapeCell(reminder.notice.subject(in: language)),
        ].joined(separator: "\t")
    }
}
