import VanortDomain
import VanortPostgres

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
        let planID = try ReferenceResolver(connection: connection, scope: context.scope).required(.plan, input, "plan")
        let ownerID = try ReferenceResolver(connection: connection, scope: context.scope).optional(.contact, input, "owner")
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
        case "plan": sql.andEquals("r.plan_id", try resolver.resolve(.plan, value, field: "plan"))
        case "status": sql.andEquals("r.status", value.lowercased())
        case "owner": sql.andEquals("r.owner_id", try resolver.resolve(.contact, value, field: "owner"))
        default: break
        }
    }
}
