import Foundation

/// What a reminder says, in Swedish or English: a subject line and a body with the
/// event's facts. Built from what the store knows at delivery time.
public struct ReminderNotice: Sendable, Equatable {
    /// The rule's kind of event; nil for an ad-hoc reminder.
    public var event: ReminderEvent?
    /// `visit:12`, or nil for a reminder about nothing in the register.
    public var about: String?
    /// The event in a few words: a city, an exchange's title, an activity's title.
    public var title: String?
    public var start: CalendarDate?
    public var end: CalendarDate?
    public var due: CalendarDate?
    public var kind: String?
    public var direction: String?
    /// Days from the anchor date; positive after it (a follow-up).
    public var offsetDays: Int
    public var note: String?
    public var dueAt: Date
    /// Where: the partner city and its country.
    public var place: String?
    /// How many travel (participants and leaders).
    public var participants: Int?
    /// Why: a visit's purpose, an exchange's partner organisation.
    public var purpose: String?
    /// The responsible contact's name.
    public var responsible: String?

    public init(
        event: ReminderEvent?, about: String?, title: String?, start: CalendarDate? = nil, end: CalendarDate? = nil,
        due: CalendarDate? = nil, kind: String? = nil, direction: String? = nil, offsetDays: Int = 0, note: String? = nil,
        dueAt: Date, place: String? = nil, participants: Int? = nil, purpose: String? = nil, responsible: String? = nil
    ) {
        self.event = event
        self.about = about
        self.title = title
        self.start = start
        self.end = end
        self.due = due
        self.kind = kind
        self.direction = direction
        self.offsetDays = offsetDays
        self.note = note
        self.dueAt = dueAt
        self.place = place
        self.participants = participants
        self.purpose = purpose
        self.responsible = responsible
    }

    private var followUp: Bool { offsetDays > 0 && (event == .visit || event == .exchange) }

    /// What the reminder is about in a few words, in the recipient's language (from the
    /// catalogues, `mail.subject.*`).
    public func subject(in language: Language) -> String {
        let values = ["what": title ?? about ?? note ?? "", "dates": dates, "due": due.map { " (\($0))" } ?? ""]
        switch event {
        case nil:
            return Catalogue.text("mail.subject.reminder", language, ["what": note ?? title ?? about ?? ""])
        case .visit?, .exchange?:
            let key = "mail.subject.\(followUp ? "follow-up" : "upcoming").\(event == .visit ? "visit" : "exchange")"
            return Catalogue.text(key, language, values)
        case let event?:
            return Catalogue.text("mail.subject.\(event.rawValue)", language, values)
        }
    }

    /// The message a person can act on: what, when, where, who is responsible, how many
    /// travel, why, what to do (the rule's note) and how to acknowledge or snooze
    /// reminder `reminderID`.
    public func body(in language: Language, reminderID: Int? = nil) -> String {
        func line(_ label: String, _ value: String?) -> String? {
            value.map { Catalogue.text("mail.\(label)", language) + ": " + $0 }
        }
        let when: String? = switch (start, end) {
        case let (start?, end?) where start != end: "\(start) – \(end)"
        case let (start?, _): start.description
        default: nil
        }
        var lines: [String] = [subject(in: language), ""]
        lines += [
            line("what", title), line("kind", kind.map { Catalogue.word($0, language) }),
            line("direction", direction.map { Catalogue.word($0, language) }),
            line("when", when), line("date", due?.description), line("where", place),
            line("responsible", event == nil ? nil : (responsible ?? Catalogue.text("mail.no-one", language))),
            line("travellers", participants.map(String.init)), line("purpose", purpose), line("about", about),
        ].compactMap { $0 }
        if let note { lines += ["", Catalogue.text("mail.to-do", language) + ":", note] }
        if let reminderID {
            lines += ["", Catalogue.text("mail.acknowledge", language, ["id": String(reminderID)]),
                      Catalogue.text("mail.snooze", language, ["id": String(reminderID)])]
        }
        if start != nil || due != nil { lines += ["", Catalogue.text("mail.calendar", language)] }
        lines += ["", Catalogue.text("mail.signature", language)]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The event as a calendar entry for the mail's `.ics` attachment: a visit's or
    /// exchange's days, or the day something is due; nil for a reminder about no date.
    public func calendarEvent(home: String, language: Language = .sv) -> CalendarEvent? {
        guard let first = start ?? due else { return nil }
        let type = about?.split(separator: ":").first.map(String.init) ?? "reminder"
        let id = about?.split(separator: ":").last.flatMap { Int($0) } ?? 0
        return CalendarEvent(
            uid: CalendarEvent.uid(type: type, id: id, home: home), first: first, last: end ?? first,
            summary: subject(in: language), location: place,
            description: purpose, status: "CONFIRMED")
    }

    private var dates: String {
        switch (start, end) {
        case let (start?, end?) where start == end: " (\(start))"
        case let (start?, end?): " (\(start) – \(end))"
        case let (start?, nil): " (\(start))"
        default: ""
        }
    }
}

