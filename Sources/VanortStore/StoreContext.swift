import Foundation
import VanortDomain
import VanortPostgres

/// What writers need to know beyond the input.
struct StoreContext: Sendable {
    /// The home municipality's name, the default home party of an agreement.
    var homeCity: String
    /// Whose records the caller may reach.
    var scope: RecordScope = .everything
    /// The home city's zone as last read (shared by the copies of one store's context).
    let homeZone = HomeZoneMemo()

    /// What a bare date typed where a time is asked for means: the day's first instant
    /// (`--since`, `--due-before`), the instant it ends (a token `--expires` on that day is
    /// good through it), or a time of day on it (`reminder add --at`, `snooze --until`).
    enum DateMeaning: Sendable {
        case startOfDay
        case endOfDay
        case timeOfDay(hour: Int, minute: Int)
    }

    /// A time typed into `field`: a date (read as `date` says) or a date and time, in the
    /// zone the input's `timezone` names, else the home city's (`home` when the caller read
    /// it already, saving a round trip).
    func instant(
        _ input: FieldInput, _ field: String, date meaning: DateMeaning, home: TimeZone? = nil, on connection: PostgresConnection
    ) throws -> Date? {
        let zone = try input.optionalText("timezone").map { _ in
            TimeZone(identifier: try input.timeZone("timezone")) ?? .gmt
        } ?? home ?? ReminderPlanner(connection: connection, context: self).homeZone()
        if let text = input.values[field], let date = CalendarDate(iso: FieldInput.trimmed(text)) {
            switch meaning {
            case .startOfDay: return WallClockTime(date: date, hour: 0, minute: 0, zone: zone)?.instant
            case .endOfDay: return date.nextDay.flatMap { WallClockTime(date: $0, hour: 0, minute: 0, zone: zone)?.instant }
            case .timeOfDay(let hour, let minute): return WallClockTime(date: date, hour: hour, minute: minute, zone: zone)?.instant
            }
        }
        return try input.optionalInstant(field, zone: zone)
    }
}
