import VanortDomain
import VanortPostgres

/// Action plans: `plan`, its SQL derived from `Plan.descriptor`, with the agreement's
/// partner cities and the counts of its open and done activities computed here.
enum PlanTable: DescribedTable {
    static let noun = Noun.plan
    static let descriptor = Plan.descriptor
    static let computedColumns: [String: SQL] = [
        "cities": """
            ARRAY(SELECT c.name FROM agreement_party p JOIN city c ON c.id = p.city_id
                  WHERE p.agreement_id = r.agreement_id AND p.role = 'partner' ORDER BY c.name)
            """,
        "open-activities": "(SELECT count(*) FROM activity a WHERE a.plan_id = r.id AND a.status = 'open')::integer",
        "done-activities": "(SELECT count(*) FROM activity a WHERE a.plan_id = r.id AND a.status = 'done')::integer",
    ]

    /// `--city`: plans of agreements the city is a party of.
    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        guard key == "city" else { return try describedFilter(&sql, key: key, value: value, resolver: resolver) }
        let cityID = try resolver.resolve(.city, value, field: "city")
        sql.append(" AND EXISTS (SELECT 1 FROM agreement_party p WHERE p.agreement_id = r.agreement_id AND p.city_id = ")
        sql.bind(cityID)
        sql.append(")")
    }
}
