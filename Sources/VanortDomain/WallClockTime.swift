import Foundation

/// A time of day on a calendar date in a named zone, and the instant it means.
///
/// Reminders are due at local times ("09:00 in Linköping, 14 days before"). Two local
/// times need a rule: one in the spring-forward gap does not exist and means the first
/// instant after the gap; one in the fall-back overlap exists twice and means the first.
public struct WallClockTime: Sendable, Hashable {
    public var date: CalendarDate
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var zone: TimeZone

    public init?(date: CalendarDate, hour: Int, minute: Int, second: Int = 0, zone: TimeZone) {
        guard (0..<24).contains(hour), (0..<60).contains(minute), (0..<60).contains(second) else { return nil }
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
        self.zone = zone
    }

    /// The instant this wall-clock time names in its zone.
    public var instant: Date {
        // The wall time read as if it were UTC; a real instant differs by the zone's offset.
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = .gmt
        let components = DateComponents(year: date.year, month: date.month, day: date.day, hour: hour, minute: minute, second: second)
        guard let naive = utc.date(from: components) else { return Date(timeIntervalSince1970: 0) }
        // The offsets in force around that day; at most two differ across one transition.
        let offsets = Set([naive.addingTimeInterval(-86_400), naive, naive.addingTimeInterval(86_400)]
            .map { TimeInterval(zone.secondsFromGMT(for: $0)) })
        let matches = offsets
            .map { naive.addingTimeInterval(-$0) }
            .filter { TimeInterval(zone.secondsFromGMT(for: $0)) == naive.timeIntervalSince($0) }
        if let first = matches.min() { return first }
        // In the gap: the first valid instant is the transition itself.
        let earliest = naive.addingTimeInterval(-(offsets.max() ?? 0))
        return zone.nextDaylightSavingTimeTransition(after: earliest.addingTimeInterval(-7_200)) ?? earliest
    }
}

extension CalendarDate {
    /// Whole days from this date to `other` (negative when `other` is earlier).
    public func days(until other: CalendarDate) -> Int {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = .gmt
        guard let from = utc.date(from: DateComponents(year: year, month: month, day: day)),
            let to = utc.date(from: DateComponents(year: other.year, month: other.month, day: other.day))
        else { return 0 }
        return Int((to.timeIntervalSince(from) / 86_400).rounded())
    }

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> CalendarDate {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = .gmt
        guard let start = utc.date(from: DateComponents(year: year, month: month, day: day)),
            let moved = utc.date(byAdding: .day, value: days, to: start)
        else { return self }
        let parts = utc.dateComponents([.year, .month, .day], from: moved)
        return CalendarDate(year: parts.year ?? year, month: parts.month ?? month, day: parts.day ?? day) ?? self
    }
}
