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

    public init(
        event: ReminderEvent?, about: String?, title: String?, start: CalendarDate? = nil, end: CalendarDate? = nil,
        due: CalendarDate? = nil, kind: String? = nil, direction: String? = nil, offsetDays: Int = 0, note: String? = nil,
        dueAt: Date
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
    }

    private var followUp: Bool { offsetDays > 0 && (event == .visit || event == .exchange) }

    public func subject(in language: Language) -> String {
        let sv = language == .sv
        let place = title ?? about ?? ""
        switch event {
        case nil:
            return (sv ? "Påminnelse: " : "Reminder: ") + (note ?? place)
        case .visit?, .exchange?:
            let noun = event == .visit ? (sv ? "besök" : "visit") : (sv ? "utbyte" : "exchange")
            let head = followUp ? (sv ? "Uppföljning av " : "Follow-up of ") : (sv ? "Kommande " : "Upcoming ")
            return head + "\(noun): \(place)" + dates
        case .activity?:
            return (sv ? "Aktivitet i handlingsplanen: " : "Action-plan activity: ") + place + due.map { " (\($0))" }.orEmpty
        case .agreementReview?:
            return (sv ? "Utvärdering av partnerskapet med " : "Review of the partnership with ") + place + due.map { " (\($0))" }.orEmpty
        case .agreementAnniversary?:
            return (sv ? "Jubileum för partnerskapet med " : "Anniversary of the partnership with ") + place + due.map { " (\($0))" }.orEmpty
        case .grantDecision?:
            return (sv ? "Beslut väntas om bidraget: " : "Grant decision expected: ") + place + due.map { " (\($0))" }.orEmpty
        case .grantReport?:
            return (sv ? "Rapport till bidragsgivaren: " : "Grant report due: ") + place + due.map { " (\($0))" }.orEmpty
        }
    }

    public func body(in language: Language) -> String {
        let sv = language == .sv
        var lines: [String] = [subject(in: language), ""]
        if let kind { lines.append((sv ? "Typ: " : "Kind: ") + kind) }
        if let direction {
            let word = sv ? (direction == "incoming" ? "inkommande" : "utgående") : direction
            lines.append((sv ? "Riktning: " : "Direction: ") + word)
        }
        if let start { lines.append((sv ? "Från: " : "From: ") + start.description) }
        if let end { lines.append((sv ? "Till: " : "To: ") + end.description) }
        if let due { lines.append((sv ? "Datum: " : "Date: ") + due.description) }
        if let about { lines.append((sv ? "Gäller: " : "About: ") + about) }
        if let note { lines.append(""); lines.append(note) }
        lines.append("")
        lines.append(sv ? "Internationella kontoret (vanort)" : "International office (vanort)")
        return lines.joined(separator: "\n") + "\n"
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

extension Optional where Wrapped == String {
    fileprivate var orEmpty: String { self ?? "" }
}
