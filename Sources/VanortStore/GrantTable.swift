import VanortDomain
import VanortPostgres

/// Grants: `grant`, all of its SQL derived from `Grant.descriptor`. An association reads
/// the grants that fund its own exchanges; only the office writes them.
enum GrantTable: DescribedTable {
    static let noun = Noun.grant
    static let descriptor = Grant.descriptor
    static let associationAccess = AssociationAccess.readOwn(owner: "(SELECT x.association_id FROM exchange x WHERE x.id = r.exchange_id)")
}
