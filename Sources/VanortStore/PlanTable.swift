import VanortDomain
import VanortPostgres

/// Action plans: `plan`.
enum PlanTable: RecordTable {
    static let noun = Noun.plan
    static let table: SQL = "plan"
    static let select: SQL = """
        SELECT r.id, r.agreement_id AS agreement,
            ARRAY(SELECT c.name FROM agreement_party p JOIN city c ON c.id = p.city_id
                  WHERE p.agreement_id = r.agreement_id AND p.role = 'partner' ORDER BY c.name) AS cities,
            r.title, r.period_from AS "from", r.period_to AS "to",
            (SELECT count(*) FROM activity a WHERE a.plan_id = r.id AND a.status = 'open')::integer AS open_activities,
            (SELECT count(*) FROM activity a WHERE a.plan_id = r.id AND a.status = 'done')::integer AS done_activities,
            r.notes, r.version
        FROM plan r WHERE true
        """
    static let filterKeys: Set<String> = ["agreement", "city"]
    static let searchText: SQL = "vanort_fold(concat_ws(' ', r.title, r.notes))"

    static func form(_ connection: PostgresConnection, id: Int) throws -> [String: String] {
        try connection.query(SQL(
            """
            SELECT agreement_id::text AS agreement, title, period_from::text AS "from", period_to::text AS "to", notes
            FROM plan WHERE id = $1
            """, id)).first?.textFields() ?? [:]
    }

    static func save(_ connection: PostgresConnection, _ input: FieldInput, id: Int?, context: StoreContext) throws -> Int {
        let agreementID = try ReferenceResolver(connection: connection, scope: context.scope).required(.agreement, input, "agreement")
        let plan = try Plan(input, agreementID: agreementID)
        guard let id else {
            return try returnedID(connection.query(SQL(
                "INSERT INTO plan (agreement_id, title, period_from, period_to, notes) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                plan.agreementID, plan.title, plan.from.postgres, plan.to.postgres, plan.notes)))
        }
        try connection.query(SQL(
            """
            UPDATE plan SET agreement_id = $2, title = $3, period_from = $4, period_to = $5, notes = $6,
                version = version + 1, updated_at = now()
            WHERE id = $1
            """, id, plan.agreementID, plan.title, plan.from.postgres, plan.to.postgres, plan.notes))
        return id
    }

    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        switch key {
        case "agreement": sql.andEquals("r.agreement_id", try resolver.resolve(.agreement, value, field: "agreement"))
        case "city":
            let cityID = try resolver.resolve(.city, value, field: "city")
            sql.append(" AND EXISTS (SELECT 1 FROM agreement_party p WHERE p.agreement_id = r.agreement_id AND p.city_id = ")
            sql.bind(cityID)
            sql.append(")")
        default: break
        }
    }
}
