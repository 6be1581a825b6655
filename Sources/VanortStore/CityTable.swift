import VanortDomain
import VanortPostgres

/// Cities: `city`, its SQL derived from `City.descriptor`. Every association reads them;
/// a second city of the same name in the same country is never allowed.
enum CityTable: DescribedTable {
    static let noun = Noun.city
    static let descriptor = City.descriptor
    static let associationAccess = AssociationAccess.readAll
    static let identityLabel: SQL = "o.name || ', ' || o.country"
    static let identityIsUnique = true
}
