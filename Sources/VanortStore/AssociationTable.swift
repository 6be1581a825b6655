import VanortDomain
import VanortPostgres

/// Associations: `association`, its SQL derived from `Association.descriptor`. An
/// association reads only itself and may update the fields its declaration marks
/// (e-mail, website, notes); `list --city` matches its city or its partner city.
enum AssociationTable: DescribedTable {
    static let noun = Noun.association
    static let descriptor = Association.descriptor
    static let associationAccess = AssociationAccess.readOwnUpdating(owner: "r.id")

    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        guard key == "city" else { return try describedFilter(&sql, key: key, value: value, resolver: resolver) }
        let cityID = try resolver.resolve(.city, value, field: "city")
        sql.append(" AND (r.city_id = ")
        sql.bind(cityID)
        sql.append(" OR r.partner_city_id = ")
        sql.bind(cityID)
        sql.append(")")
    }
}
