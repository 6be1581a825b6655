import VanortDomain
import VanortPostgres

/// Delegation visits: `visit`, its SQL derived from `Visit.descriptor`. An association
/// reads and writes its own; the partner city is never the home municipality.
enum VisitTable: DescribedTable {
    static let noun = Noun.visit
    static let descriptor = Visit.descriptor
    static let associationAccess = AssociationAccess.writeOwn(owner: "r.association_id", field: "association")

    /// The same visit: same partner city, direction and days.
    static let identity: SQL? = "o.city_id = n.city_id AND o.direction = n.direction AND o.from_date = n.from_date AND o.to_date = n.to_date"
    static let identityLabel: SQL = "o.direction || ' visit, ' || (SELECT name FROM city WHERE id = o.city_id) || ' ' || o.from_date || '–' || o.to_date"

    /// The partner city of a visit is never the home municipality itself.
    static func check(_ values: FieldValues, id: Int?, on connection: PostgresConnection, context: StoreContext) throws {
        guard case .id(let cityID)? = values["city"],
            try connection.query(SQL("SELECT 1 FROM city WHERE id = $1 AND name = $2", cityID, context.homeCity)).count == 1
        else { return }
        throw ValidationError(
            field: "city", value: context.homeCity,
            rule: "is the home municipality; a visit's city is the partner city it goes to or comes from")
    }

    /// `--from`/`--to` keep the visits overlapping the days; the other filters are declared.
    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        guard key == "from" || key == "to" else { return try describedFilter(&sql, key: key, value: value, resolver: resolver) }
        try sql.andWithin(key, value)
    }
}
