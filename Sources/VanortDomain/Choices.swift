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
