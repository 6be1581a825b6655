import Foundation
import VanortDomain
import VanortPostgres

/// What writers need to know beyond the input.
struct StoreContext: Sendable {
    /// The home municipality's name, the default home party of an agreement.
    var homeCity: String
    /// Whose records the caller may reach.
    var scope: RecordScope = .everything

    /// A time typed into `field`: a date (its midnight) or a date and time, in the zone the
    /// input's `timezone` names, else the home city's.
    func instant(_ input: FieldInput, _ field: String, on connection: PostgresConnection) throws -> Date? {
        let zone = try input.optionalText("timezone").map { _ in
            TimeZone(identifier: try input.timeZone("timezone")) ?? .gmt
        } ?? ReminderPlanner(connection: connection, context: self).homeZone()
        if let text = input.values[field], let date = CalendarDate(iso: text.trimmingCharacters(in: .whitespaces)) {
            return WallClockTime(date: date, hour: 0, minute: 0, zone: zone)?.instant
        }
        return try input.optionalInstant(field, zone: zone)
    }
}
