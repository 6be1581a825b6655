import VanortDomain
import VanortPostgres

/// Youth, student and trainee exchanges: `exchange`, its SQL derived from
/// `Exchange.descriptor`. An association reads and writes its own.
enum ExchangeTable: DescribedTable {
    static let noun = Noun.exchange
    static let descriptor = Exchange.descriptor
    static let associationAccess = AssociationAccess.writeOwn(owner: "r.association_id", field: "association")

    /// The same exchange: same partner city and days, and the same title (or none).
    static let identity: SQL? = """
        o.city_id = n.city_id AND o.from_date = n.from_date AND o.to_date = n.to_date
            AND vanort_fold(coalesce(o.title, '')) = vanort_fold(coalesce(n.title, ''))
        """
    static let identityLabel: SQL = "coalesce(o.title, 'exchange') || ', ' || (SELECT name FROM city WHERE id = o.city_id) || ' ' || o.from_date"

    /// Participants' minor status depends on the start date: a changed exchange checks
    /// them again against its (new) start and status.
    static func check(_ values: FieldValues, id: Int?, on connection: PostgresConnection, context: StoreContext) throws {
        guard let id, let start = values.date("from") else { return }
        let today = try ReminderPlanner(connection: connection, context: context).today()
        try ParticipantTable.revalidate(
            connection, exchangeID: id, start: start, confirmed: values.text("status") == VisitStatus.confirmed.rawValue, today: today)
    }

    /// `--from`/`--to` keep the exchanges overlapping the days; `--consent-missing` those
    /// with (or without) a minor lacking guardian consent given before the start.
    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        switch key {
        case "from", "to": try sql.andWithin(key, value)
        case "consent-missing":
            guard let missing = try FieldInput([key: value]).optionalBool(key) else { return }
            sql.append(missing ? " AND EXISTS (" : " AND NOT EXISTS (")
            sql.append(
                """
                SELECT 1 FROM participant p WHERE p.exchange_id = r.id AND p.birth_date + interval '18 years' > r.from_date
                    AND (p.consent_date IS NULL OR p.consent_by IS NULL OR p.consent_date > r.from_date))
                """)
        default: try describedFilter(&sql, key: key, value: value, resolver: resolver)
        }
    }
}
