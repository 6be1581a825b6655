import VanortDomain
import VanortPostgres

/// Participants of exchanges: `participant`, its SQL derived from `Participant.descriptor`.
/// `minor` is computed from the birth date and the exchange's first day. An association
/// reads and writes the participants of its own exchanges; special needs are for the
/// office's eyes only (declared sensitive).
enum ParticipantTable: DescribedTable {
    static let noun = Noun.participant
    static let descriptor = Participant.descriptor
    static let associationAccess = AssociationAccess.writeOwn(owner: "(SELECT e.association_id FROM exchange e WHERE e.id = r.exchange_id)")
    static let computedColumns: [String: SQL] = [
        "minor": "(SELECT r.birth_date + interval '18 years' > e.from_date FROM exchange e WHERE e.id = r.exchange_id)"
    ]
    static let identityLabel: SQL = "o.name || ', born ' || o.birth_date || ', on exchange ' || o.exchange_id"

    /// The exchange's first day and status, and today, decide whether the participant is a
    /// minor and what a minor needs (`Participant.check`).
    static func check(_ values: FieldValues, id: Int?, on connection: PostgresConnection, context: StoreContext) throws {
        guard case .id(let exchangeID)? = values["exchange"] else { return }
        let (start, confirmed) = try exchange(exchangeID, on: connection)
        let today = try ReminderPlanner(connection: connection, context: context).today()
        try Participant.check(values, exchangeStart: start, exchangeConfirmed: confirmed, today: today)
    }

    /// Validates every participant of an exchange against its (new) start date and status:
    /// a confirmed exchange needs guardian consent for every minor, and the refusal names
    /// every minor still lacking it.
    static func revalidate(_ connection: PostgresConnection, exchangeID: Int, start: CalendarDate, confirmed: Bool, today: CalendarDate) throws {
        var lacking: [String] = []
        for row in try connection.query(SQL("SELECT id FROM participant WHERE exchange_id = $1 ORDER BY name, id", exchangeID)) {
            let id = try row.decode(Int.self, "id")
            let fields = try form(connection, id: id)
            let values = try descriptor.read(FieldInput(fields))
            do {
                try Participant.check(values, exchangeStart: start, exchangeConfirmed: false, today: today)
                if confirmed, let born = values.date("birth-date"), Participant.isMinor(born: born, on: start), !Participant.hasConsent(values) {
                    lacking.append(values.text("name") ?? "participant \(id)")
                }
            } catch {
                guard error.all.contains(where: { $0.field == "consent-date" }) else { throw error }
                lacking.append(values.text("name") ?? "participant \(id)")
            }
        }
        guard lacking.isEmpty || !confirmed else {
            throw ValidationError(
                field: "status", value: "confirmed",
                rule: "is not possible yet: guardian consent (consent-date and consent-by, given before the exchange) is missing for \(lacking.joined(separator: ", "))")
        }
    }

    /// The exchange's first day and whether it is confirmed.
    private static func exchange(_ id: Int, on connection: PostgresConnection) throws -> (start: CalendarDate, confirmed: Bool) {
        let noSuchExchange = ValidationError(field: "exchange", value: String(id), rule: "no such exchange")
        guard let exchange = try connection.query(SQL("SELECT from_date, status FROM exchange WHERE id = $1", id)).first else { throw noSuchExchange }
        let start = try exchange.decode(PostgresDate.self, "from_date")
        guard let day = CalendarDate(year: start.year, month: start.month, day: start.day) else { throw noSuchExchange }
        return (day, try exchange.decode(String.self, "status") == VisitStatus.confirmed.rawValue)
    }
}
