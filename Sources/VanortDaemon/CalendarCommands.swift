import VanortDomain
import VanortProtocol
import VanortStore

/// `calendar export`: visits and exchanges as RFC 5545 iCalendar, one content line a row
/// (vanortctl joins them with CRLF). Associations get only their own.
struct CalendarCommands {
    let store: RegisterStore
    let homeCity: String
    /// The export's DTSTAMP.
    let clock: WallClock

    var all: [Command] {
        let store = self.store
        let name = "vanort \(homeCity)"
        let clock = self.clock
        return [
            Command(declared: ["calendar", "export"], roles: Role.everyone) { request, principal in
                let days = try request.wholeNumber("days", in: 0...3650) ?? 365
                var filters = RegisterCommands.values(request)
                filters["days"] = nil
                let events = try await store.calendarEvents(days: days, filters: filters, scope: RecordScope(principal), language: request.language)
                let lines = ICalendar.lines(events, name: name, stamp: clock.now())
                return .rows(Table(columns: ["line"], rows: lines.map { [.string($0)] }))
            },
        ]
    }
}
