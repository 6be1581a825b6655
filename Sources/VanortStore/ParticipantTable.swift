import VanortDomain
import VanortPostgres

/// Participants of exchanges: `participant`. `minor` is derived from the birth date and
/// the exchange's first day.
enum ParticipantTable: RecordTable {
    static let noun = Noun.participant
    static let table: SQL = "participant"
    static let select: SQL = """
        SELECT r.id, r.exchange_id AS exchange, r.name, r.birth_date, r.role,
            r.birth_date + interval '18 years' > e.from_date AS minor,
            r.guardian_name AS guardian, r.guardian_phone, r.guardian_email, r.consent_date, r.consent_by, r.consent,
            r.special_needs, r.emergency_contact, r.notes, r.version
        FROM participant r JOIN exchange e ON e.id = r.exchange_id
        WHERE true
        """
    static let filterKeys: Set<String> = ["exchange", "role"]
    static let associationAccess = AssociationAccess.writeOwn(owner: "e.association_id")
    static let sensitiveColumns: Set<String> = ["special_needs"]
    static let searchText: SQL = "vanort_fold(concat_ws(' ', r.name, r.guardian_name, r.notes))"
    /// The same person (name and birth date) on the same exchange.
    static let identity: SQL? = "vanort_fold(o.name) = vanort_fold(n.name) AND o.birth_date = n.birth_date AND o.exchange_id = n.exchange_id"
    static let identityLabel: SQL = "o.name || ', born ' || o.birth_date || ', on exchange ' || o.exchange_id"

    static func form(_ connection: PostgresConnection, id: Int) throws -> [String: String] {
        try connection.query(SQL(
            """
            SELECT exchange_id::text AS exchange, name, birth_date::text AS "birth-date", role, guardian_name AS guardian,
                guardian_phone AS "guardian-phone", guardian_email AS "guardian-email", consent_date::text AS "consent-date",
                consent_by AS "consent-by", array_to_string(consent, ',') AS consent, special_needs AS "special-needs",
                emergency_contact AS "emergency-contact", notes
            FROM participant WHERE id = $1
            """, id)).first?.textFields() ?? [:]
    }

    static func save(_ connection: PostgresConnection, _ input: FieldInput, id: Int?, context: StoreContext) throws -> Int {
        let exchangeID = try ReferenceResolver(connection: connection, scope: context.scope).required(.exchange, input, "exchange")
        let noSuchExchange = ValidationError(field: "exchange", value: String(exchangeID), rule: "no such exchange")
        guard let exchange = try connection.query(SQL("SELECT from_date, status FROM exchange WHERE id = $1", exchangeID)).first
        else { throw noSuchExchange }
        let start = try exchange.decode(PostgresDate.self, "from_date")
        guard let exchangeStart = CalendarDate(year: start.year, month: start.month, day: start.day) else { throw noSuchExchange }
        let confirmed = try exchange.decode(String.self, "status") == VisitStatus.confirmed.rawValue
        let today = try ReminderPlanner(connection: connection, context: context).today()
        let p = try Participant(input, exchangeID: exchangeID, exchangeStart: exchangeStart, exchangeConfirmed: confirmed, today: today)
        guard let id else {
            return try returnedID(connection.query(SQL(
                """
                INSERT INTO participant (exchange_id, name, birth_date, role, guardian_name, guardian_phone, guardian_email,
                    consent_date, consent_by, consent, special_needs, emergency_contact, notes)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id
                """, p.exchangeID, p.name, p.birthDate.postgres, p.role.rawValue, p.guardianName, p.guardianPhone, p.guardianEmail,
                p.consentDate?.postgres, p.consentBy, p.consent, p.specialNeeds, p.emergencyContact, p.notes)))
        }
        try connection.query(SQL(
            """
            UPDATE participant SET exchange_id = $2, name = $3, birth_date = $4, role = $5, guardian_name = $6,
                guardian_phone = $7, guardian_email = $8, consent_date = $9, consent_by = $10, consent = $11,
                special_needs = $12, emergency_contact = $13, notes = $14, version = version + 1, updated_at = now()
            WHERE id = $1
            """, id, p.exchangeID, p.name, p.birthDate.postgres, p.role.rawValue, p.guardianName, p.guardianPhone, p.guardianEmail,
            p.consentDate?.postgres, p.consentBy, p.consent, p.specialNeeds, p.emergencyContact, p.notes))
        return id
    }

    /// Validates every participant of an exchange against its (new) start date and status:
    /// a confirmed exchange needs guardian consent for every minor, and the refusal names
    /// every minor still lacking it.
    static func revalidate(_ connection: PostgresConnection, exchangeID: Int, start: CalendarDate, confirmed: Bool, today: CalendarDate) throws {
        var lacking: [String] = []
        for row in try connection.query(SQL("SELECT id FROM participant WHERE exchange_id = $1 ORDER BY name, id", exchangeID)) {
            let id = try row.decode(Int.self, "id")
            let fields = try form(connection, id: id)
            do {
                let participant = try Participant(FieldInput(fields), exchangeID: exchangeID, exchangeStart: start, exchangeConfirmed: false, today: today)
                if confirmed, Participant.isMinor(born: participant.birthDate, on: start), !participant.hasConsent {
                    lacking.append(participant.name)
                }
            } catch {
                guard error.field == "consent-date" else { throw error }
                lacking.append(fields["name"] ?? "participant \(id)")
            }
        }
        guard lacking.isEmpty || !confirmed else {
            throw ValidationError(
                field: "status", value: "confirmed",
                rule: "is not possible yet: guardian consent (consent-date and consent-by, given before the exchange) is missing for \(lacking.joined(separator: ", "))")
        }
    }

    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        switch key {
        case "exchange": sql.andEquals("r.exchange_id", try resolver.resolve(.exchange, value, field: "exchange"))
        case "role": sql.andEquals("r.role", value.lowercased())
        default: break
        }
    }
}
