import VanortDomain
import VanortPostgres

/// Agreements, their parties and amendments: `agreement`, `agreement_party`, `agreement_amendment`.
enum AgreementTable: RecordTable {
    static let noun = Noun.agreement
    static let table: SQL = "agreement"
    static let select: SQL = """
        SELECT r.id,
            ARRAY(SELECT c.name FROM agreement_party p JOIN city c ON c.id = p.city_id
                  WHERE p.agreement_id = r.id AND p.role = 'home' ORDER BY c.name) AS home,
            ARRAY(SELECT c.name FROM agreement_party p JOIN city c ON c.id = p.city_id
                  WHERE p.agreement_id = r.id AND p.role = 'partner' ORDER BY c.name) AS cities,
            r.organisations, r.kind, r.areas, r.funding, r.signed_on AS signed, r.since_year AS since, r.until_year AS until,
            r.status, r.council_decision, r.review_due, r.notes,
            ARRAY(SELECT m.amended_on || ': ' || m.summary || coalesce(' (' || nullif(m.changes, '') || ')', '')
                  FROM agreement_amendment m WHERE m.agreement_id = r.id ORDER BY m.amended_on, m.id) AS amendments,
            r.version
        FROM agreement r WHERE true
        """
    static let filterKeys: Set<String> = ["city", "organisation", "kind", "status", "area"]
    static let searchText: SQL = """
        vanort_fold(concat_ws(' ', r.kind, array_to_string(r.areas, ' '), array_to_string(r.organisations, ' '), r.notes,
            (SELECT string_agg(c.name, ' ') FROM agreement_party p JOIN city c ON c.id = p.city_id WHERE p.agreement_id = r.id)))
        """

    /// The same kind of agreement between the same parties from the same year.
    static let identity: SQL? = """
        o.kind = n.kind AND o.since_year IS NOT DISTINCT FROM n.since_year
            AND ARRAY(SELECT city_id FROM agreement_party WHERE agreement_id = o.id ORDER BY city_id)
              = ARRAY(SELECT city_id FROM agreement_party WHERE agreement_id = n.id ORDER BY city_id)
        """
    static let identityLabel: SQL = """
        o.kind || ' with ' || (SELECT string_agg(c.name, ', ' ORDER BY c.name) FROM agreement_party p JOIN city c ON c.id = p.city_id
            WHERE p.agreement_id = o.id AND p.role = 'partner') || coalesce(' since ' || o.since_year, '')
        """

    static func form(_ connection: PostgresConnection, id: Int) throws -> [String: String] {
        try connection.query(SQL(
            """
            SELECT
                (SELECT string_agg(city_id::text, ',') FROM agreement_party WHERE agreement_id = a.id AND role = 'home') AS home,
                (SELECT string_agg(city_id::text, ',') FROM agreement_party WHERE agreement_id = a.id AND role = 'partner') AS city,
                array_to_string(organisations, ',') AS organisations, kind, array_to_string(areas, ',') AS areas, array_to_string(funding, ',') AS funding,
                signed_on::text AS signed, since_year::text AS since, until_year::text AS until, status,
                council_decision AS "council-decision", review_due::text AS "review-due", notes
            FROM agreement a WHERE id = $1
            """, id)).first?.textFields() ?? [:]
    }

    /// An agreement's terms as a reader sees them (parties by name), by field key: what an
    /// amendment compares before and after (`Agreement.changes`).
    static func terms(_ connection: PostgresConnection, id: Int) throws -> [String: String] {
        try connection.query(SQL(
            """
            SELECT
                (SELECT string_agg(c.name, ', ' ORDER BY c.name) FROM agreement_party p JOIN city c ON c.id = p.city_id
                 WHERE p.agreement_id = a.id AND p.role = 'home') AS home,
                (SELECT string_agg(c.name, ', ' ORDER BY c.name) FROM agreement_party p JOIN city c ON c.id = p.city_id
                 WHERE p.agreement_id = a.id AND p.role = 'partner') AS city,
                array_to_string(organisations, ', ') AS organisations, kind, array_to_string(areas, ', ') AS areas,
                array_to_string(funding, ', ') AS funding, signed_on::text AS signed, since_year::text AS since,
                until_year::text AS until, status, council_decision AS "council-decision", review_due::text AS "review-due", notes
            FROM agreement a WHERE id = $1
            """, id)).first?.textFields() ?? [:]
    }

    static func save(_ connection: PostgresConnection, _ input: FieldInput, id: Int?, context: StoreContext) throws -> Int {
        let resolver = ReferenceResolver(connection: connection, scope: context.scope)
        let partners = try resolver.resolveList(.city, input.values["city"] ?? "", field: "city")
        let home = try resolver.resolveList(.city, input.values["home"] ?? context.homeCity, field: "home")
        let agreement = try Agreement(input, homeCityIDs: home, partnerCityIDs: partners)
        let agreementID: Int
        if let id {
            try connection.query(SQL(
                """
                UPDATE agreement SET kind = $2, areas = $3, funding = $4, signed_on = $5, since_year = $6,
                    until_year = $7, status = $8, council_decision = $9, review_due = $10, notes = $11,
                    organisations = $12, version = version + 1, updated_at = now()
                WHERE id = $1
                """, id, agreement.kind.rawValue, agreement.areas, agreement.funding, agreement.signedOn?.postgres,
                agreement.sinceYear, agreement.untilYear, agreement.status.rawValue, agreement.councilDecision,
                agreement.reviewDue?.postgres, agreement.notes, agreement.organisations))
            try connection.query(SQL("DELETE FROM agreement_party WHERE agreement_id = $1", id))
            agreementID = id
        } else {
            agreementID = try returnedID(connection.query(SQL(
                """
                INSERT INTO agreement (kind, areas, funding, signed_on, since_year, until_year, status,
                    council_decision, review_due, notes, organisations)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id
                """, agreement.kind.rawValue, agreement.areas, agreement.funding, agreement.signedOn?.postgres,
                agreement.sinceYear, agreement.untilYear, agreement.status.rawValue, agreement.councilDecision,
                agreement.reviewDue?.postgres, agreement.notes, agreement.organisations)))
        }
        for (cityID, role) in agreement.homeCityIDs.map({ ($0, "home") }) + agreement.partnerCityIDs.map({ ($0, "partner") }) {
            try connection.query(SQL(
                "INSERT INTO agreement_party (agreement_id, city_id, role) VALUES ($1, $2, $3)", agreementID, cityID, role))
        }
        return agreementID
    }

    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        switch key {
        case "city":
            let cityID = try resolver.resolve(.city, value, field: "city")
            sql.append(" AND EXISTS (SELECT 1 FROM agreement_party p WHERE p.agreement_id = r.id AND p.city_id = ")
            sql.bind(cityID)
            sql.append(")")
        case "organisation":
            sql.append(" AND vanort_fold(")
            sql.bind(value)
            sql.append(") IN (SELECT vanort_fold(o) FROM unnest(r.organisations) o)")
        case "kind": sql.andEquals("r.kind", value.lowercased())
        case "status": sql.andEquals("r.status", value.lowercased())
        case "area":
            sql.append(" AND ")
            sql.bind(value.lowercased())
            sql.append(" = ANY (r.areas)")
        default: break
        }
    }
}
