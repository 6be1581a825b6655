import Foundation

/// RFC 5545 iCalendar text for calendar events: CRLF lines folded at 75 octets without
/// splitting a UTF-8 sequence, TEXT values escaped, all-day events as `VALUE=DATE` (the
/// end exclusive, as the RFC wants), times in UTC.
public enum ICalendar {
    /// The calendar's content lines, already folded; join them with CRLF.
    public static func lines(_ events: [CalendarEvent], name: String, stamp: Date) -> [String] {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//vanort//vanort//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape(name),
        ]
        for event in events {
            lines += ["BEGIN:VEVENT", "UID:" + escape(event.uid), "DTSTAMP:" + utc(stamp)]
            lines.append("DTSTART;VALUE=DATE:" + basic(event.first))
            lines.append("DTEND;VALUE=DATE:" + basic(event.last.nextDay ?? event.last))
            lines.append("SUMMARY:" + escape(event.summary))
            if let location = event.location { lines.append("LOCATION:" + escape(location)) }
            if let description = event.description { lines.append("DESCRIPTION:" + escape(description)) }
            lines.append("STATUS:" + event.status)
            if !event.categories.isEmpty { lines.append("CATEGORIES:" + event.categories.map(escape).joined(separator: ",")) }
            lines.append("SEQUENCE:\(event.sequence)")
            if let modified = event.lastModified { lines.append("LAST-MODIFIED:" + utc(modified)) }
            lines.append("TRANSP:TRANSPARENT")
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.flatMap(fold)
    }

    /// TEXT escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines.
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            case "\r": continue
            default:
                // Other control characters are not allowed in content lines.
                if scalar.value < 0x20 || scalar.value == 0x7F { out += " " } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// Splits a content line into lines of at most 75 octets; continuations start with a space.
    static func fold(_ line: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            let limit = parts.isEmpty ? 75 : 74
            if octets > 0, octets + size > limit {
                parts.append(parts.isEmpty ? current : " " + current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        parts.append(parts.isEmpty ? current : " " + current)
        return parts
    }

    /// `20270503`.
    static func basic(_ date: CalendarDate) -> String {
        String(format: "%04d%02d%02d", date.year, date.month, date.day)
    }

    /// `20270503T070000Z`.
    static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
