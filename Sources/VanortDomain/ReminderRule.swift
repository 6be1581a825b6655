import Foundation

/// When staff hear about a kind of event: so many days before or after one of its dates,
/// at a time of day in a zone, and to whom.
public struct ReminderRule: Sendable, Equatable {
    public var name: String
    public var event: ReminderEvent
    public var anchor: ReminderAnchor
    /// Whole days from the anchor date; negative is before it.
    public var offsetDays: Int
    public var hour: Int
    public var minute: Int
    /// An IANA zone; nil means the home city's.
    public var timeZone: String?
    public var recipients: ReminderRecipients
    public var contactID: Int?
    /// Only events of these kinds (empty: all).
    public var kinds: [String]
    /// Only events in this direction (nil: both).
    public var direction: Direction?
    /// Anniversaries: every so many years after the agreement's start year.
    public var everyYears: Int?
    public var note: String?
    public var active: Bool

    /// A rule as typed or stored (`Rule.descriptor`'s keys), read by the declaration; a
    /// contact given by id.
    public init(_ input: FieldInput, contactID: Int?) throws(ValidationError) {
        var values = try Rule.descriptor.read(input)
        values.values["contact"] = contactID.map(FieldValue.id)
        try self.init(values)
    }

    /// A rule from its fields as the declaration read them (references resolved), checking
    /// the rules between them; every broken one at once.
    public init(_ values: FieldValues) throws(ValidationError) {
        var errors = FieldErrors()
        guard let name = values.text("name"), let event = values.choice("event", ReminderEvent.self) else {
            throw ValidationError(field: values.text("name") == nil ? "name" : "event", value: nil, key: "rule.required")
        }
        self.name = name
        self.event = event
        anchor = values.choice("of", ReminderAnchor.self) ?? event.anchors[0]
        if !event.anchors.contains(anchor) {
            errors.add(ValidationError(
                field: "of", value: anchor.rawValue,
                rule: "\(event.rawValue) rules count from \(event.anchors.map(\.rawValue).joined(separator: " or "))"))
        }
        let days = values.integer("days") ?? 0
        offsetDays = values.choice("when", ReminderWhen.self) == .after ? days : -days
        let at = (values.text("at") ?? "09:00").split(separator: ":").compactMap { Int($0) }
        (hour, minute) = at.count >= 2 ? (at[0], at[1]) : (9, 0)
        timeZone = values.text("timezone")
        recipients = values.choice("recipients", ReminderRecipients.self) ?? .responsible
        contactID = values.ids("contact").first
        if recipients == .contact, contactID == nil {
            errors.add(ValidationError(field: "contact", value: nil, rule: "is required when recipients=contact"))
        }
        if recipients != .contact, let contactID {
            errors.add(ValidationError(field: "contact", value: String(contactID), rule: "is only for recipients=contact"))
        }
        kinds = values.list("kinds")
        let allowedKinds: [String] = switch event {
        case .visit: VisitKind.allCases.map(\.rawValue)
        case .exchange: Exchange.Kind.allCases.map(\.rawValue)
        case .activity, .agreementReview, .agreementAnniversary: AgreementKind.allCases.map(\.rawValue)
        case .grantDecision, .grantReport: []
        }
        if event == .activity || event.aboutKind == "grant", !kinds.isEmpty {
            errors.add(ValidationError(field: "kinds", value: kinds.joined(separator: ","), rule: "\(event == .activity ? "activities" : "grants") have no kinds"))
        } else if let unknown = kinds.first(where: { !allowedKinds.contains($0) }) {
            errors.add(ValidationError(field: "kinds", value: unknown, rule: "must be among \(allowedKinds.joined(separator: ", "))"))
        }
        direction = values.choice("direction", Direction.self)
        if direction != nil, ![.visit, .exchange].contains(event) {
            errors.add(ValidationError(field: "direction", value: direction?.rawValue, rule: "only visits and exchanges have a direction"))
        }
        everyYears = values.integer("every-years")
        if event == .agreementAnniversary, everyYears == nil { everyYears = 5 }
        if event != .agreementAnniversary, let everyYears {
            errors.add(ValidationError(field: "every-years", value: String(everyYears), rule: "is only for agreement-anniversary rules"))
        }
        note = values.text("note")
        active = values.bool("active") ?? true
        try errors.check()
    }

    /// Whether the rule's filter lets this event through. A reported visit has nothing
    /// left for its follow-up rules (those counting after its end) to ask for.
    public func applies(to occasion: ReminderOccasion) -> Bool {
        guard active, !occasion.cancelled else { return false }
        if !kinds.isEmpty, !kinds.contains(occasion.kind ?? "") { return false }
        if let direction, direction.rawValue != occasion.direction { return false }
        if isFollowUp, occasion.reported { return false }
        return true
    }

    /// Counts from a visit's or exchange's end, after it: the report the office expects.
    var isFollowUp: Bool { anchor == .end && offsetDays >= 0 }

    /// Overdue reminders come back every so many days until the thing is done.
    public static let overdueCadenceDays = 7
    /// A report or an activity overdue for longer than this is not chased any more (a new
    /// rule must not flood the office with last decade's visits); reviews always are.
    public static let overdueWindowDays = 180

    /// The instants this rule wants reminders at for one event:
    /// - on time: its lead time before (or its days after) the event, still ahead of `now`;
    /// - short notice: the lead time has passed but the event is still ahead (today or
    ///   later): the reminder keeps its rule's instant, already past, so it is delivered at once;
    /// - chasing, for a review, a report (a visit's follow-up) or an activity: on its
    ///   deadline day and every `overdueCadenceDays` after it until it is done (reported,
    ///   the activity closed, the review date moved). Only the next of these ahead is
    ///   planned, and once the deadline has passed also the latest not ahead of `now`
    ///   (delivered at once); delivering one plans the next (`ReminderStore.record`).
    /// Nothing else in the past is ever planned. Anniversaries reach `horizonYears` ahead.
    public func dueTimes(for occasion: ReminderOccasion, zone: TimeZone, after now: Date, horizonYears: Int = 20) -> [Date] {
        guard applies(to: occasion) else { return [] }
        let anchors: [CalendarDate]
        switch anchor {
        case .start: anchors = occasion.start.map { [$0] } ?? []
        case .end: anchors = occasion.end.map { [$0] } ?? []
        case .due where event == .agreementAnniversary:
            anchors = occasion.anniversaries(every: everyYears ?? 5, through: now, horizonYears: horizonYears)
        case .due: anchors = occasion.due.map { [$0] } ?? []
        }
        let today = CalendarDate(instant: now, zone: zone)
        var times: Set<Date> = []
        for date in anchors {
            guard let lead = instant(on: date.adding(days: offsetDays), zone: zone) else { continue }
            if lead > now || date >= today { times.insert(lead) }
            if let deadline = chasedDeadline(anchor: date, today: today) {
                times.formUnion(chasingTimes(from: deadline, today: today, zone: zone, now: now))
            }
        }
        return times.sorted()
    }

    /// True for the rules that chase a deadline until it is met.
    public var chases: Bool {
        switch event {
        case .agreementReview, .activity, .grantReport: true
        case .visit: isFollowUp
        case .exchange, .agreementAnniversary, .grantDecision: false
        }
    }

    /// The deadline this rule chases, if it chases one: reviews always, follow-ups and
    /// activities unless overdue for more than `overdueWindowDays`.
    private func chasedDeadline(anchor date: CalendarDate, today: CalendarDate) -> CalendarDate? {
        guard chases else { return nil }
        let deadline = offsetDays >= 0 ? date.adding(days: offsetDays) : date
        guard event == .agreementReview || deadline.adding(days: Self.overdueWindowDays) >= today else { return nil }
        return deadline
    }

    /// Of the instants `deadline + k × cadence` (k ≥ 0) at this rule's time of day: the
    /// latest not ahead of `now`, and the first ahead of it.
    private func chasingTimes(from deadline: CalendarDate, today: CalendarDate, zone: TimeZone, now: Date) -> [Date] {
        let cadence = Self.overdueCadenceDays
        // Start a step before today's, not at the deadline: a review years overdue costs the same.
        var step = max(0, deadline.days(until: today) / cadence - 1)
        var latestPast: Date?
        while step < 100_000 {
            if let time = instant(on: deadline.adding(days: step * cadence), zone: zone) {
                if time > now { return (latestPast.map { [$0] } ?? []) + [time] }
                latestPast = time
            }
            step += 1
        }
        return latestPast.map { [$0] } ?? []
    }

    private func instant(on date: CalendarDate, zone: TimeZone) -> Date? {
        WallClockTime(date: date, hour: hour, minute: minute, zone: zone)?.instant
    }
}
