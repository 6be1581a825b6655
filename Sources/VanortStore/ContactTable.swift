import VanortDomain
import VanortPostgres

/// Contact persons: `contact`, its SQL derived from `Contact.descriptor`. An association
/// reads and writes its own contacts, never the office's staff.
enum ContactTable: DescribedTable {
    static let noun = Noun.contact
    static let descriptor = Contact.descriptor
    static let associationAccess = AssociationAccess.writeOwn(owner: "r.association_id", condition: " AND NOT r.staff", field: "association")
    /// The same person at the same organisation (or at none).
    static let identity: SQL? = "vanort_fold(o.name) = vanort_fold(n.name) AND o.association_id IS NOT DISTINCT FROM n.association_id"
    static let identityLabel: SQL = "o.name || coalesce(' (' || (SELECT name FROM association WHERE id = o.association_id) || ')', '')"
}
