import VanortDomain
import VanortPostgres

/// Youth, student and trainee exchanges: `exchange`.
enum ExchangeTable: RecordTable {
    static let noun = Noun.exchange
    static let table: SQL = "exchange"
    static let select: SQL = """
        SELECT r.id, r.title, r.kind, c.name AS city, r.direction, r.from_date AS "from", r.to_date AS "to",
            a.name AS association, r.partner_organisation, r.participants, r.leaders, r.funding, r.grant_reference,
            r.status, k.name AS contact, r.notes, r.version
        FROM exchange r JOIN city c ON c.id = r.city_id LEFT JOIN association a ON a.id = r.association_id
            LEFT JOIN contact k ON k.id = r.contact_id
        WHERE true
        """
    static let filterKeys: Set<String> = ["city", "association", "kind", "status", "from", "to", "consent-missing"]
    static let associationAccess = AssociationAccess.writeOwn(owner: "r.association_id", field: "association")
    static let searchText: SQL = "vanort_fold(concat_ws(' ', r.title, c.name, a.name, r.partner_organisation, r.notes))"

    /// The same exchange: same partner city and days, and the same title (or none).
    static let identity: SQL? = """
        o.city_id = n.city_id AND o.from_date = n.from_date AND o.to_date = n.to_date
            AND vanort_fold(coalesce(o.title, '')) = vanort_fold(coalesce(n.title, ''))
        """
    static let identityLabel: SQL = "coalesce(o.title, 'exchange') || ', ' || (SELECT name FROM city WHERE id = o.city_id) || ' ' || o.from_date"

    static func form(_ connection: PostgresConnection, id: Int) throws -> [String: String] {
        try connection.query(SQL(
            """
            SELECT title, kind, city_id::text AS city, direction, from_date::text AS "from", to_date::text AS "to",
                association_id::text AS association, partner_organisation AS "partner-organisation",
                participants::text AS participants, leaders::text AS leaders, array_to_string(funding, ',') AS funding,
                grant_reference AS "grant-reference", status, contact_id::text AS contact, notes
            FROM exchange WHERE id = $1
            """, id)).first?.textFields() ?? [:]
    }

    static func save(_ connection: PostgresConnection, _ input: FieldInput, id: Int?, context: StoreContext) throws -> Int {
        let resolver = ReferenceResolver(connection: connection, scope: context.scope)
        let cityID = try resolver.required(.city, input, "city")
        let associationID = try resolver.optional(.association, input, "association")
        let contactID = try resolver.responsible(input, "contact")
        let e = try Exchange(input, cityID: cityID, associationID: associationID, contactID: contactID)
        guard let id else {
            return try returnedID(connection.query(SQL(
                """
                INSERT INTO exchange (title, kind, city_id, direction, from_date, to_date, association_id,
                    partner_organisation, participants, leaders, funding, grant_reference, status, contact_id, notes)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id
                """, e.title, e.kind.rawValue, e.cityID, e.direction.rawValue, e.from.postgres, e.to.postgres, e.associationID,
                e.partnerOrganisation, e.participants, e.leaders, e.funding, e.grantReference, e.status.rawValue, e.contactID, e.notes)))
        }
        // Participants' minor status depends on the start date: check them again against a new one.
        let today = try ReminderPlanner(connection: connection, context: context).today()
        try ParticipantTable.revalidate(connection, exchangeID: id, start: e.from, confirmed: e.status == .confirmed, today: today)
        try connection.query(SQL(
            """
            UPDATE exchange SET title = $2, kind = $3, city_id = $4, direction = $5, from_date = $6, to_date = $7,
                association_id = $8, partner_organisation = $9, participants = $10, leaders = $11, funding = $12,
                grant_reference = $13, status = $14, contact_id = $15, notes = $16, version = version + 1, updated_at = now()
            WHERE id = $1
            """, id, e.title, e.kind.rawValue, e.cityID, e.direction.rawValue, e.from.postgres, e.to.postgres, e.associationID,
            e.partnerOrganisation, e.participants, e.leaders, e.funding, e.grantReference, e.status.rawValue, e.contactID, e.notes))
        return id
    }

    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        switch key {
        case "city": sql.andEquals("r.city_id", try resolver.resolve(.city, value, field: "city"))
        case "association": sql.andEquals("r.association_id", try resolver.resolve(.association, value, field: "association"))
        case "kind": sql.andEquals("r.kind", value.lowercased())
        case "status": sql.andEquals("r.status", value.lowercased())
        case "from", "to": try sql.andWithin(key, value)
        case "consent-missing":
            guard let missing = try FieldInput([key: value]).optionalBool(key) else { return }
            sql.append(missing ? " AND EXISTS (" : " AND NOT EXISTS (")
            sql.append(
                """
                SELECT 1 FROM participant p WHERE p.exchange_id = r.id AND p.birth_date + interval '18 years' > r.from_date
                    AND (p.consent_date IS NULL OR p.consent_by IS NULL OR p.consent_date > r.from_date))
                """)
        default: break
        }
    }
}
