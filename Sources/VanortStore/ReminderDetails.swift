import Foundation
import VanortDomain
import VanortPostgres

/// Reads claimed reminders with everything their delivery needs: the event's facts for
/// the text and the recipients (the named contact, the event's responsible contact, or
/// all staff; all staff too when an event has no responsible contact, so nothing is
/// silently dropped).
struct ReminderDetails {
    let connection: PostgresConnection
    let context: StoreContext

    func load(ids: [Int]) throws -> [DueReminder] {
        let rows = try connection.query(SQL(
            """
            SELECT m.id, m.due_at, m.attempts, m.redelivery, array_to_string(m.done_channels, ',') AS done,
                m.note, m.about_kind, m.about_id, m.contact_id, coalesce(m.late_seconds, 0)::float8 AS late,
                g.name AS rule, g.event, g.offset_days, g.recipients, g.contact_id AS rule_contact, g.note AS rule_note,
                g.timezone, e.title, e.start_date, e.end_date, e.due_date, e.kind, e.direction, e.responsible_id, m.notice,
                e.place, e.participants, e.purpose
            FROM reminder m LEFT JOIN reminder_rule g ON g.id = m.rule_id
                LEFT JOIN reminder_event e ON e.about_kind = m.about_kind AND e.about_id = m.about_id
            WHERE m.id = ANY($1::bigint[]) ORDER BY m.next_attempt_at, m.id
            """, ids.map(String.init)).plannedForEachRun())
        var wanted = Set<Int>()
        for row in rows {
            for column in ["contact_id", "rule_contact", "responsible_id"] {
                if let id = try row.decodeIfPresent(Int.self, column) { wanted.insert(id) }
            }
        }
        let people = try contacts(ids: Array(wanted))
        var staff: [ReminderRecipient]?
        func allStaff() throws -> [ReminderRecipient] {
            if let staff { return staff }
            let loaded = try recipients(connection.query("SELECT id, name, email, language FROM contact WHERE staff ORDER BY id"))
            staff = loaded
            return loaded
        }
        // Only anniversaries need the home zone: looked up once, when the first one comes.
        var home: TimeZone?
        func homeZone() throws -> TimeZone {
            if let home { return home }
            let zone = try ReminderPlanner(connection: connection, context: context).homeZone()
            home = zone
            return zone
        }
        return try rows.map { row in
            let event = try row.decodeIfPresent(String.self, "event").flatMap(ReminderEvent.init(rawValue:))
            let offset = try row.decodeIfPresent(Int.self, "offset_days") ?? 0
            let dueAt = try row.decode(Date.self, "due_at")
            var due = try date(row, "due_date")
            if event == .agreementAnniversary {
                // The jubilee itself: the due day in the rule's zone, less the rule's offset.
                let zone = try row.decodeIfPresent(String.self, "timezone").flatMap(TimeZone.init(identifier:)) ?? homeZone()
                var calendar = Calendar(identifier: .gregorian)
                calendar.timeZone = zone
                let parts = calendar.dateComponents([.year, .month, .day], from: dueAt)
                due = CalendarDate(year: parts.year ?? 0, month: parts.month ?? 1, day: parts.day ?? 1)?.adding(days: -offset)
            }
            let aboutKind = try row.decodeIfPresent(String.self, "about_kind")
            let aboutID = try row.decodeIfPresent(Int.self, "about_id")
            let notes = [try row.decodeIfPresent(String.self, "rule_note"), try row.decodeIfPresent(String.self, "note")]
                .compactMap { $0 }
            let notice = ReminderNotice(
                event: event, about: aboutKind.flatMap { kind in aboutID.map { "\(kind):\($0)" } },
                title: try row.decodeIfPresent(String.self, "title"), start: try date(row, "start_date"),
                end: try date(row, "end_date"), due: due, kind: try row.decodeIfPresent(String.self, "kind"),
                direction: try row.decodeIfPresent(String.self, "direction"), offsetDays: offset,
                note: notes.isEmpty ? nil : notes.joined(separator: "\n"), dueAt: dueAt,
                place: try row.decodeIfPresent(String.self, "place"), participants: try row.decodeIfPresent(Int.self, "participants"),
                purpose: try row.decodeIfPresent(String.self, "purpose"),
                responsible: try row.decodeIfPresent(Int.self, "responsible_id").flatMap { people[$0]?.name })

            let named = try row.decodeIfPresent(Int.self, "contact_id") ?? row.decodeIfPresent(Int.self, "rule_contact")
            let responsible = try row.decodeIfPresent(Int.self, "responsible_id")
            var who: [ReminderRecipient]
            if let named {
                who = people[named].map { [$0] } ?? []
            } else if try row.decodeIfPresent(String.self, "recipients") == ReminderRecipients.staff.rawValue
                || row.decodeIfPresent(String.self, "notice") != nil {
                // A rule for staff, or a notice to the office (a registration by an association).
                who = try allStaff()
            } else {
                who = responsible.flatMap { people[$0] }.map { [$0] } ?? []
            }
            if who.isEmpty { who = try allStaff() }
            let done = try row.decodeIfPresent(String.self, "done") ?? ""
            return DueReminder(
                id: try row.decode(Int.self, "id"), dueAt: dueAt, attempt: try row.decode(Int.self, "attempts"),
                lateSeconds: try row.decode(Double.self, "late"), redelivery: try row.decode(Bool.self, "redelivery"),
                rule: try row.decodeIfPresent(String.self, "rule"), notice: notice, recipients: who,
                doneChannels: Set(done.split(separator: ",").map(String.init)))
        }
    }

    private func contacts(ids: [Int]) throws -> [Int: ReminderRecipient] {
        guard !ids.isEmpty else { return [:] }
        let rows = try connection.query(SQL(
            "SELECT id, name, email, language FROM contact WHERE id = ANY($1::bigint[])", ids.map(String.init)).plannedForEachRun())
        return Dictionary(try recipients(rows).map { ($0.contactID, $0) }) { first, _ in first }
    }

    private func recipients(_ rows: PostgresRows) throws -> [ReminderRecipient] {
        try rows.map { row in
            ReminderRecipient(
                contactID: try row.decode(Int.self, "id"), name: try row.decode(String.self, "name"),
                email: try row.decodeIfPresent(String.self, "email"),
                language: Language(rawValue: try row.decode(String.self, "language")) ?? .sv)
        }
    }

    private func date(_ row: PostgresRow, _ column: String) throws -> CalendarDate? {
        guard let value = try row.decodeIfPresent(PostgresDate.self, column) else { return nil }
        return CalendarDate(year: value.year, month: value.month, day: value.day)
    }
}
