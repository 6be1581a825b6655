import VanortDomain
import VanortPostgres

/// Delegation visits: `visit`.
enum VisitTable: RecordTable {
    static let noun = Noun.visit
    static let table: SQL = "visit"
    static let select: SQL = """
        SELECT r.id, r.direction, r.kind, c.name AS city, r.from_date AS "from", r.to_date AS "to",
            a.name AS association, k.name AS contact, r.participants, r.purpose, r.status, r.reported,
            r.reported_on, r.cost, r.paid_by, r.notes, r.version
        FROM visit r JOIN city c ON c.id = r.city_id LEFT JOIN association a ON a.id = r.association_id
            LEFT JOIN contact k ON k.id = r.contact_id
        WHERE true
        """
    static let filterKeys: Set<String> = ["city", "association", "kind", "status", "direction", "from", "to", "reported"]
    static let associationAccess = AssociationAccess.writeOwn(owner: "r.association_id", field: "association")
    static let searchText: SQL = "vanort_fold(concat_ws(' ', c.name, a.name, k.name, r.purpose, r.notes, r.kind))"

    /// The same visit: same partner city, direction and days.
    static let identity: SQL? = "o.city_id = n.city_id AND o.direction = n.direction AND o.from_date = n.from_date AND o.to_date = n.to_date"
    static let identityLabel: SQL = "o.direction || ' visit, ' || (SELECT name FROM city WHERE id = o.city_id) || ' ' || o.from_date || '–' || o.to_date"

    static func form(_ connection: PostgresConnection, id: Int) throws -> [String: String] {
        try connection.query(SQL(
            """
            SELECT direction, kind, city_id::text AS city, from_date::text AS "from", to_date::text AS "to",
                association_id::text AS association, contact_id::text AS contact, participants::text AS participants,
                purpose, status, reported::text AS reported, reported_on::text AS "reported-on", cost::text AS cost,
                paid_by AS "paid-by", notes
            FROM visit WHERE id = $1
            """, id)).first?.textFields() ?? [:]
    }

    static func save(_ connection: PostgresConnection, _ input: FieldInput, id: Int?, context: StoreContext) throws -> Int {
        let resolver = ReferenceResolver(connection: connection, scope: context.scope)
        let cityID = try resolver.required(.city, input, "city")
        // The partner city of a visit is never the home municipality itself.
        if try connection.query(SQL("SELECT 1 FROM city WHERE id = $1 AND name = $2", cityID, context.homeCity)).count == 1 {
            throw ValidationError(
                field: "city", value: context.homeCity,
                rule: "is the home municipality; a visit's city is the partner city it goes to or comes from")
        }
        let associationID = try resolver.optional(.association, input, "association")
        let contactID = try resolver.responsible(input, "contact")
        let visit = try Visit(input, cityID: cityID, associationID: associationID, contactID: contactID)
        guard let id else {
            return try returnedID(connection.query(SQL(
                """
                INSERT INTO visit (direction, kind, city_id, from_date, to_date, association_id, contact_id, participants,
                    purpose, status, reported, reported_on, cost, paid_by, notes)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id
                """, visit.direction.rawValue, visit.kind.rawValue, visit.cityID, visit.from.postgres, visit.to.postgres,
                visit.associationID, visit.contactID, visit.participants, visit.purpose, visit.status.rawValue,
                visit.reported, visit.reportedOn?.postgres, visit.cost, visit.paidBy, visit.notes)))
        }
        try connection.query(SQL(
            """
            UPDATE visit SET direction = $2, kind = $3, city_id = $4, from_date = $5, to_date = $6, association_id = $7,
                contact_id = $8, participants = $9, purpose = $10, status = $11, reported = $12, reported_on = $13,
                cost = $14, paid_by = $15, notes = $16, version = version + 1, updated_at = now()
            WHERE id = $1
            """, id, visit.direction.rawValue, visit.kind.rawValue, visit.cityID, visit.from.postgres, visit.to.postgres,
            visit.associationID, visit.contactID, visit.participants, visit.purpose, visit.status.rawValue,
            visit.reported, visit.reportedOn?.postgres, visit.cost, visit.paidBy, visit.notes))
        return id
    }

    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        switch key {
        case "city": sql.andEquals("r.city_id", try resolver.resolve(.city, value, field: "city"))
        case "association": sql.andEquals("r.association_id", try resolver.resolve(.association, value, field: "association"))
        case "kind": sql.andEquals("r.kind", value.lowercased())
        case "status": sql.andEquals("r.status", value.lowercased())
        case "direction": sql.andEquals("r.direction", value.lowercased())
        case "from", "to": try sql.andWithin(key, value)
        case "reported": sql.andEquals("r.reported", try FieldInput([key: value]).optionalBool(key))
        default: break
        }
    }
}
