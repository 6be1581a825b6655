import Foundation

/// The one way vanortd writes an instant for people and programs alike: ISO 8601 with the
/// offset of the zone it is shown in, to the second (`2026-12-03T10:00:00+01:00`; in UTC
/// `2026-12-03T09:00:00Z`). Every time input reads it back.
public enum LocalTime {
    /// `date` as seen in `zone`.
    public static func string(_ date: Date, in zone: TimeZone) -> String {
        let whole = floor(date.timeIntervalSince1970)
        let offset = zone.secondsFromGMT(for: date)
        var seconds = time_t(whole) + time_t(offset)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = Int(parts.tm_year) + 1900
        let yearText = year < 1000 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
        var text = "\(yearText)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))"
        if offset == 0 {
            text += "Z"
        } else {
            let minutes = abs(offset) / 60
            text += (offset < 0 ? "-" : "+") + two(Int32(minutes / 60)) + ":" + two(Int32(minutes % 60))
        }
        return text
    }

    /// The zone a viewer named (`zone=` on a request, `--timezone` or `TZ` for vanortctl):
    /// an IANA name such as Europe/Stockholm, or UTC.
    public static func zone(named name: String) -> TimeZone? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard trimmed.contains("/") || trimmed == "UTC" else { return nil }
        return TimeZone(identifier: trimmed)
    }
}
