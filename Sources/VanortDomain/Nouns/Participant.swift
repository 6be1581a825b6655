/// A person on an exchange. Whether they are a minor is derived from the birth date and
/// the exchange's first day, never typed; a minor needs a guardian with a way to reach them,
/// and on a confirmed exchange the guardian's consent, given before it starts.
///
/// Declared once in `descriptor`; the rules that need the exchange (its first day, whether
/// it is confirmed) and today are `check`, which the store calls with them.
public enum Participant {
    public enum Role: String, CaseIterable, Sendable {
        case participant, leader, accompanying
    }

    public static let descriptor = NounDescriptor(
        noun: "participant", summary: "people on exchanges (minors derived from birth date)", table: "participant",
        fields: [
            FieldDescriptor("exchange", "exchange_id", .reference(noun: "exchange"), "the exchange (id)", required: true, filter: true),
            FieldDescriptor("name", "name", .text(maxLength: 2000), "full name", required: true, search: true),
            FieldDescriptor("birth-date", "birth_date", .date, "date of birth", required: true),
            FieldDescriptor("role", "role", .choice(Role.allCases.map(\.rawValue)), "participant, leader, accompanying (default participant)",
                            default: Role.participant.rawValue, filter: true),
            FieldDescriptor("guardian", "guardian_name", .text(maxLength: 2000), "guardian's name (required for minors)", search: true),
            FieldDescriptor("guardian-phone", "guardian_phone", .phone, "guardian's phone"),
            FieldDescriptor("guardian-email", "guardian_email", .email, "guardian's e-mail"),
            FieldDescriptor("consent-date", "consent_date", .date, "date consent was given"),
            FieldDescriptor("consent-by", "consent_by", .text(maxLength: 2000), "who gave consent"),
            FieldDescriptor("consent", "consent", .list, "what was consented to, comma-separated, e.g. photos,publication"),
            FieldDescriptor("special-needs", "special_needs", .text(maxLength: 4000), "sensitive: diet, health, access", sensitive: true),
            FieldDescriptor("emergency-contact", "emergency_contact", .text(maxLength: 2000), "name and phone"),
            FieldDescriptor("notes", "notes", .notes, "free text", search: true),
        ],
        brief: ["id", "exchange", "name", "birth_date", "role", "minor", "guardian", "consent_date"],
        identity: ["name", "birth-date", "exchange"], nameKey: nil, computed: ["minor"]
    ) { _ throws(ValidationError) in }

    /// True when the person is under 18 on `day`.
    public static func isMinor(born: CalendarDate, on day: CalendarDate) -> Bool {
        let eighteenth = (born.year + 18, born.month, born.day)
        return (day.year, day.month, day.day) < eighteenth
    }

    /// True when the guardian's consent is recorded (who gave it and when).
    public static func hasConsent(_ values: FieldValues) -> Bool {
        values.date("consent-date") != nil && values.text("consent-by") != nil
    }

    /// The rules that need the exchange: born before it starts; consent counts only when
    /// given on a day not after `today` (the home municipality's) and not after the start;
    /// a minor's guardian is named and reachable; on a confirmed exchange
    /// (`exchangeConfirmed`) a minor has the guardian's consent. Every broken rule at once.
    public static func check(
        _ values: FieldValues, exchangeStart: CalendarDate, exchangeConfirmed: Bool, today: CalendarDate
    ) throws(ValidationError) {
        var errors = FieldErrors()
        if let born = values.date("birth-date"), born > exchangeStart {
            errors.add(ValidationError(field: "birth-date", value: born.description, rule: "is after the exchange starts (\(exchangeStart))"))
        }
        if let given = values.date("consent-date"), given > today {
            errors.add(ValidationError(
                field: "consent-date", value: given.description, rule: "is in the future (today is \(today)); consent counts from the day it was given"))
        } else if let given = values.date("consent-date"), given > exchangeStart {
            errors.add(ValidationError(
                field: "consent-date", value: given.description, rule: "is after the exchange starts (\(exchangeStart)); consent must come before"))
        }
        if let born = values.date("birth-date"), isMinor(born: born, on: exchangeStart) {
            if values.text("guardian") == nil {
                errors.add(ValidationError(field: "guardian", value: nil, rule: "is required: the participant is a minor when the exchange starts"))
            }
            if values.text("guardian-phone") == nil, values.text("guardian-email") == nil {
                errors.add(ValidationError(field: "guardian-phone", value: nil, rule: "a minor's guardian needs a phone or an e-mail"))
            }
            if exchangeConfirmed, !hasConsent(values) {
                errors.add(ValidationError(
                    field: "consent-date", value: nil,
                    rule: "is required: \(values.text("name") ?? "the participant") is a minor on a confirmed exchange and needs the guardian's consent (consent-date and consent-by)"))
            }
        }
        try errors.check()
    }
}
