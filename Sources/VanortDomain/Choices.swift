/// The fixed vocabularies of the register. Raw values are what users type and what the
/// database stores (its CHECK constraints list the same words).

/// vänort, systerort, samverkansort/samarbetsavtal, …; `none` for a dormant link.
public enum AgreementKind: String, CaseIterable, Sendable {
    case twinTown = "twin-town", sisterCity = "sister-city", cooperation
    case industrialPartnership = "industrial-partnership", municipalPartnership = "municipal-partnership", none
}

public enum AgreementStatus: String, CaseIterable, Sendable {
    case active, dormant, ended
}

public enum AssociationKind: String, CaseIterable, Sendable {
    case friendshipAssociation = "friendship-association", club, school, university, company
    case municipalDepartment = "municipal-department", municipalCompany = "municipal-company"
}

public enum Direction: String, CaseIterable, Sendable {
    case incoming, outgoing
}

public enum VisitKind: String, CaseIterable, Sendable {
    case political, study, business, association, school, culture, sport, other
}

public enum VisitStatus: String, CaseIterable, Sendable {
    case planned, confirmed, done, cancelled
}

public enum Language: String, CaseIterable, Sendable {
    case sv, en
}

/// What a reminder rule is about.
public enum ReminderEvent: String, CaseIterable, Sendable {
    case visit, exchange, activity
    case agreementReview = "agreement-review", agreementAnniversary = "agreement-anniversary"
    /// A grant's expected decision (`decision-due`), while it is still awaited.
    case grantDecision = "grant-decision"
    /// The report a granted grant owes its funder (`reporting-due`), chased until reported.
    case grantReport = "grant-report"

    /// The dates of the event a rule may count from.
    public var anchors: [ReminderAnchor] {
        switch self {
        case .visit, .exchange: [.start, .end]
        case .activity, .agreementReview, .agreementAnniversary, .grantDecision, .grantReport: [.due]
        }
    }

    /// The register record the event belongs to.
    public var aboutKind: String {
        switch self {
        case .visit: "visit"
        case .exchange: "exchange"
        case .activity: "activity"
        case .agreementReview, .agreementAnniversary: "agreement"
        case .grantDecision, .grantReport: "grant"
        }
    }
}

/// The date a rule counts its days from: an event's first or last day, or its due date.
public enum ReminderAnchor: String, CaseIterable, Sendable {
    case start, end, due
}

/// Whether a rule's days fall before or after its anchor date.
public enum ReminderWhen: String, CaseIterable, Sendable {
    case before, after
}

/// Who hears about a reminder.
public enum ReminderRecipients: String, CaseIterable, Sendable {
    /// The event's responsible contact (all staff when it has none).
    case responsible
    case staff
    /// One named contact.
    case contact
}

/// Where a reminder is in its life.
public enum ReminderState: String, CaseIterable, Sendable {
    case pending, sent, acked, failed, cancelled
}
