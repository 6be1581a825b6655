import Foundation

/// What reminder rules need to know about one event of the register.
public struct ReminderOccasion: Sendable, Equatable {
    public var start: CalendarDate?
    public var end: CalendarDate?
    /// An activity's due date or an agreement's review date.
    public var due: CalendarDate?
    public var kind: String?
    public var direction: String?
    /// Cancelled, or (for an agreement) dormant, ended or past its last year: no rule applies.
    public var cancelled: Bool
    /// A visit whose report reached the office: its follow-up is done.
    public var reported: Bool
    /// An agreement's start year and the day of the year it was signed (for jubilees).
    public var sinceYear: Int?
    public var signed: CalendarDate?

    public init(
        start: CalendarDate? = nil, end: CalendarDate? = nil, due: CalendarDate? = nil, kind: String? = nil,
        direction: String? = nil, cancelled: Bool = false, reported: Bool = false, sinceYear: Int? = nil, signed: CalendarDate? = nil
    ) {
        self.reported = reported
        self.start = start
        self.end = end
        self.due = due
        self.kind = kind
        self.direction = direction
        self.cancelled = cancelled
        self.sinceYear = sinceYear
        self.signed = signed
    }

    /// Jubilee dates (every `every` years after the start year, on the day it was signed,
    /// else 1 January) from the year of `now` through `horizonYears` later.
    func anniversaries(every: Int, through now: Date, horizonYears: Int) -> [CalendarDate] {
        guard let since = sinceYear ?? signed?.year, every > 0 else { return [] }
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = .gmt
        let thisYear = utc.component(.year, from: now)
        var dates: [CalendarDate] = []
        var year = since + every
        while year <= thisYear + horizonYears {
            if year >= thisYear {
                let month = signed?.month ?? 1
                let day = min(signed?.day ?? 1, CalendarDate.daysIn(month: month, year: year))
                if let date = CalendarDate(year: year, month: month, day: day) { dates.append(date) }
            }
            year += every
        }
        return dates
    }
}
