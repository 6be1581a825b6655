/// A person on an exchange. Whether they are a minor is derived from the birth date and
/// the exchange's first day, never typed; a minor needs a guardian with a way to reach them.
public struct Participant: Sendable, Equatable {
    public enum Role: String, CaseIterable, Sendable {
        case participant, leader, accompanying
    }

    public var exchangeID: Int
    public var name: String
    public var birthDate: CalendarDate
    public var role: Role
    public var guardianName: String?
    public var guardianPhone: String?
    public var guardianEmail: String?
    public var consentDate: CalendarDate?
    public var consentBy: String?
    /// What was consented to: photos, publication, medical, ….
    public var consent: [String]
    /// Sensitive: visible to admin and staff only.
    public var specialNeeds: String?
    public var emergencyContact: String?
    public var notes: String?

    /// True when the guardian's consent is recorded (who gave it and when).
    public var hasConsent: Bool { consentDate != nil && consentBy != nil }

    /// True when the person is under 18 on `day`.
    public static func isMinor(born: CalendarDate, on day: CalendarDate) -> Bool {
        let eighteenth = (born.year + 18, born.month, born.day)
        return (day.year, day.month, day.day) < eighteenth
    }

    /// `exchangeConfirmed`: the exchange is confirmed, so a minor needs the guardian's consent.
    /// Consent counts only when given on a day not after `today` (the home municipality's)
    /// and not after the exchange starts.
    public init(
        _ input: FieldInput, exchangeID: Int, exchangeStart: CalendarDate, exchangeConfirmed: Bool = false, today: CalendarDate
    ) throws(ValidationError) {
        self.exchangeID = exchangeID
        // Every field is read before any error is told, so one answer names them all.
        var errors = FieldErrors()
        let name = errors.read { () throws(ValidationError) in try input.text("name") }
        let birthDate = errors.read { () throws(ValidationError) in try input.date("birth-date") }
        if let birthDate, birthDate > exchangeStart {
            errors.add(ValidationError(field: "birth-date", value: birthDate.description, rule: "is after the exchange starts (\(exchangeStart))"))
        }
        let role = errors.read { () throws(ValidationError) in try input.choice("role", Role.self, default: .participant) }
        let guardianName = errors.read { () throws(ValidationError) in try input.optionalText("guardian") }
        let guardianPhone = errors.read { () throws(ValidationError) in try input.optionalPhone("guardian-phone") }
        let guardianEmail = errors.read { () throws(ValidationError) in try input.optionalEmail("guardian-email") }
        let consentDate = errors.read { () throws(ValidationError) in try input.optionalDate("consent-date") } ?? nil
        if let given = consentDate, given > today {
            errors.add(ValidationError(field: "consent-date", value: given.description, rule: "is in the future (today is \(today)); consent counts from the day it was given"))
        } else if let given = consentDate, given > exchangeStart {
            errors.add(ValidationError(field: "consent-date", value: given.description, rule: "is after the exchange starts (\(exchangeStart)); consent must come before"))
        }
        let consentBy = errors.read { () throws(ValidationError) in try input.optionalText("consent-by") }
        let consent = errors.read { () throws(ValidationError) in try input.list("consent") }
        let specialNeeds = errors.read { () throws(ValidationError) in try input.optionalText("special-needs", maxLength: 4000) }
        let emergencyContact = errors.read { () throws(ValidationError) in try input.optionalText("emergency-contact") }
        let notes = errors.read { () throws(ValidationError) in try input.notes() }
        try errors.check()
        guard let name, let birthDate, let role else { throw ValidationError(field: "name", value: nil, rule: "is required") }
        self.name = name
        self.birthDate = birthDate
        self.role = role
        self.guardianName = guardianName ?? nil
        self.guardianPhone = guardianPhone ?? nil
        self.guardianEmail = guardianEmail ?? nil
        self.consentDate = consentDate
        self.consentBy = consentBy ?? nil
        self.consent = consent ?? []
        self.specialNeeds = specialNeeds ?? nil
        self.emergencyContact = emergencyContact ?? nil
        self.notes = notes ?? nil
        if Self.isMinor(born: birthDate, on: exchangeStart) {
            guard self.guardianName != nil else {
                throw ValidationError(field: "guardian", value: nil, rule: "is required: the participant is a minor when the exchange starts")
            }
            guard self.guardianPhone != nil || self.guardianEmail != nil else {
                throw ValidationError(field: "guardian-phone", value: nil, rule: "a minor's guardian needs a phone or an e-mail")
            }
            if exchangeConfirmed, !hasConsent {
                throw ValidationError(
                    field: "consent-date", value: nil,
                    rule: "is required: \(name) is a minor on a confirmed exchange and needs the guardian's consent (consent-date and consent-by)")
            }
        }
    }
}
