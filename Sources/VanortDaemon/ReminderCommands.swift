import VanortDomain
import VanortProtocol
import VanortReminders
import VanortStore

/// `reminder list/show/add/ack/snooze/cancel/preview/deliveries`. (`reminder watch` turns
/// the session into a stream and lives in `AdminServer`.)
struct ReminderCommands {
    let store: ReminderStore

    var all: [Command] {
        let store = self.store
        return [
            Command(declared: ["reminder", "list"], roles: Role.office) { request in
                var filters = RegisterCommands.values(request)
                filters["limit"] = nil
                let limit = try request.wholeNumber("limit", in: 1...100_000) ?? 1000
                return .rows(Table(try await store.list(filters: filters, limit: limit)))
            },
            Command(declared: ["reminder", "show"], roles: Role.office) { request in
                .rows(Table(try await store.show(try Self.id(request))))
            },
            Command(declared: ["reminder", "deliveries"], roles: Role.office) { request in
                .rows(Table(try await store.deliveries(try Self.id(request))))
            },
            Command(declared: ["reminder", "add"], roles: Role.office, changes: .created, sharesCommit: true) { request in
                let rows = try await store.add(RegisterCommands.values(request))
                return Reply(.created, "reminder \(rows.firstText("id") ?? "") added", table: Table(rows))
            },
            Command(declared: ["reminder", "ack"], roles: Role.office, changes: .rows, sharesCommit: true) { request in
                .rows(Table(try await store.ack(try Self.id(request))))
            },
            Command(declared: ["reminder", "snooze"], roles: Role.office, changes: .rows, sharesCommit: true) { request in
                guard let until = request.option("until") else { throw CommandError("reminder snooze needs until=TIME") }
                return .rows(Table(try await store.snooze(try Self.id(request), until: until, timezone: request.option("timezone"))))
            },
            Command(declared: ["reminder", "cancel"], roles: Role.office, changes: .rows, sharesCommit: true) { request in
                .rows(Table(try await store.cancel(try Self.id(request))))
            },
            Command(declared: ["reminder", "preview"], roles: Role.office) { request in
                let days = try request.wholeNumber("days", in: 0...3650) ?? 30
                let limit = try request.wholeNumber("limit", in: 1...100_000) ?? 1000
                let due = try await store.preview(days: days, limit: limit)
                return .rows(Table(columns: ["id", "due_at", "state", "rule", "about", "subject", "recipients"], rows: due.map { reminder, state in
                    let language = reminder.recipients.first?.language ?? .sv
                    return [
                        .int(reminder.id), .instant(reminder.dueAt), .string(state.rawValue), .from(reminder.rule),
                        .from(reminder.notice.about), .string(reminder.notice.subject(in: language)),
                        .string(reminder.recipients.map(\.name).joined(separator: ", ")),
                    ]
                }))
            },
            Command(declared: ["reminder", "watch"], roles: Role.office) { _ in
                // Handled by the session itself; reaching here means the server has no stream.
                Reply(.internal, "reminder watch is not available on this server")
            },
        ]
    }

    private static func id(_ request: Request) throws -> Int {
        try request.recordID(of: "a reminder")
    }
}
