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
        let agreementID = try existingID(connection, .agreement, input, field: "agreement")
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
        case "agreement":
            guard let id = Int(value) else { throw ValidationError(field: "agreement", value: value, rule: "must be an agreement id") }
            sql.andEquals("r.agreement_id", id)
        case "city":
            let cityID = try resolver.resolve(.city, value, field: "city")
            sql.append(" AND EXISTS (SELECT 1 FROM agreement_party p WHERE p.agreement_id = r.agreement_id AND p.city_id = ")
            sql.bind(cityID)
            sql.append(")")
        default: break
        }
    }
}

/// Action-plan activities: `activity`.
enum ActivityTable: RecordTable {
    static let noun = Noun.activity
    static let table: SQL = "activity"
    static let select: SQL = """
        SELECT r.id, r.plan_id AS plan, r.title, k.name AS owner, r.due_on AS due, r.status, r.notes, r.version
        FROM activity r LEFT JOIN contact k ON k.id = r.owner_id WHERE true
        """
    static let filterKeys: Set<String> = ["plan", "status", "owner"]
    static let searchText: SQL = "vanort_fold(concat_ws(' ', r.title, k.name, r.notes))"

    static func form(_ connection: PostgresConnection, id: Int) throws -> [String: String] {
        try connection.query(SQL(
            "SELECT plan_id::text AS plan, title, owner_id::text AS owner, due_on::text AS due, status, notes FROM activity WHERE id = $1",
            id)).first?.textFields() ?? [:]
    }

    static func save(_ connection: PostgresConnection, _ input: FieldInput, id: Int?, context: StoreContext) throws -> Int {
        let planID = try existingID(connection, .plan, input, field: "plan")
        let ownerID = try input.optionalText("owner").map { try ReferenceResolver(connection: connection).resolve(.contact, $0, field: "owner") }
        let activity = try Activity(input, planID: planID, ownerID: ownerID)
        guard let id else {
            return try returnedID(connection.query(SQL(
                "INSERT INTO activity (plan_id, title, owner_id, due_on, status, notes) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                activity.planID, activity.title, activity.ownerID, activity.due?.postgres, activity.status.rawValue, activity.notes)))
        }
        try connection.query(SQL(
            """
            UPDATE activity SET plan_id = $2, title = $3, owner_id = $4, due_on = $5, status = $6, notes = $7,
                version = version + 1, updated_at = now()
            WHERE id = $1
            """, id, activity.planID, activity.title, activity.ownerID, activity.due?.postgres, activity.status.rawValue, activity.notes))
        return id
    }

    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        switch key {
        case "plan":
            guard let id = Int(value) else { throw ValidationError(field: "plan", value: value, rule: "must be a plan id") }
            sql.andEquals("r.plan_id", id)
        case "status": sql.andEquals("r.status", value.lowercased())
        case "owner": sql.andEquals("r.owner_id", try resolver.resolve(.contact, value, field: "owner"))
        default: break
        }
    }
}

/// The id in a required reference-by-id field (records without names: agreements, plans).
func existingID(_ connection: PostgresConnection, _ noun: Noun, _ input: FieldInput, field: String) throws -> Int {
    guard let text = try input.optionalText(field) else {
        throw ValidationError(field: field, value: nil, rule: "is required (the \(noun.rawValue)'s id)")
    }
    return try ReferenceResolver(connection: connection).resolve(noun, text, field: field)
}
