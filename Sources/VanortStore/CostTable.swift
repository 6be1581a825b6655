import VanortDomain
import VanortPostgres

/// Cost shares: `cost`, all of its SQL derived from `Cost.descriptor`. An association
/// reads and writes the shares of its own visits and exchanges (a visit of another's is
/// not found, as everywhere).
enum CostTable: DescribedTable {
    static let noun = Noun.cost
    static let descriptor = Cost.descriptor
    static let associationAccess = AssociationAccess.writeOwn(owner: """
        coalesce((SELECT v.association_id FROM visit v WHERE v.id = r.visit_id),
                 (SELECT x.association_id FROM exchange x WHERE x.id = r.exchange_id))
        """)
}
