import Foundation
import VanortDomain
import VanortPostgres

/// Agreements: `agreement`, its SQL derived from `Agreement.descriptor`. What the
/// declaration cannot say is here: the city parties live in `agreement_party` (home and
/// partner), an agreement is the same one as another of the same kind between the same
/// parties from the same year, and amendments are shown with it.
enum AgreementTable: DescribedTable {
    static let noun = Noun.agreement
    static let descriptor = Agreement.descriptor

    static let computedColumns: [String: SQL] = [
        "home": parties("home"),
        "city": parties("partner"),
        "amendments": """
            ARRAY(SELECT m.amended_on || ': ' || m.summary || coalesce(' (' || nullif(m.changes, '') || ')', '')
                  FROM agreement_amendment m WHERE m.agreement_id = r.id ORDER BY m.amended_on, m.id)
            """,
    ]

    static let linkedForm: [String: SQL] = [
        "home": "(SELECT string_agg(p.city_id::text, ',' ORDER BY p.city_id) FROM agreement_party p WHERE p.agreement_id = r.id AND p.role = 'home')",
        "city": "(SELECT string_agg(p.city_id::text, ',' ORDER BY p.city_id) FROM agreement_party p WHERE p.agreement_id = r.id AND p.role = 'partner')",
    ]

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

    /// The names of the cities that are parties in `role`, in order of name.
    private static func parties(_ role: StaticString) -> SQL {
        var sql: SQL = "ARRAY(SELECT c.name FROM agreement_party p JOIN city c ON c.id = p.city_id WHERE p.agreement_id = r.id AND p.role = '"
        sql.append(SQL(stringLiteral: role))
        sql.append("' ORDER BY c.name)")
        return sql
    }

    /// The home municipality is the home party unless another is given.
    static func completed(_ input: FieldInput, context: StoreContext) -> FieldInput {
        (input.values["home"] ?? "").trimmingCharacters(in: .whitespaces).isEmpty ? input.overlaid(with: ["home": context.homeCity]) : input
    }

    /// The city parties, written anew.
    static func saveLinks(_ values: FieldValues, id: Int, isNew: Bool, on connection: PostgresConnection, context: StoreContext) throws {
        if !isNew { try connection.query(SQL("DELETE FROM agreement_party WHERE agreement_id = $1", id)) }
        for (cityID, role) in values.ids("home").map({ ($0, "home") }) + values.ids("city").map({ ($0, "partner") }) {
            try connection.query(SQL("INSERT INTO agreement_party (agreement_id, city_id, role) VALUES ($1, $2, $3)", id, cityID, role))
        }
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
        case "area":
            sql.append(" AND ")
            sql.bind(value.lowercased())
            sql.append(" = ANY (r.areas)")
        default:
            try describedFilter(&sql, key: key, value: value, resolver: resolver)
        }
    }
}
