import VanortDomain
import VanortPostgres

/// Agreement amendments: `amendment`, all of its SQL derived from `Amendment.descriptor`;
/// the office's alone, like agreements.
enum AmendmentTable: DescribedTable {
    static let noun = Noun.amendment
    static let descriptor = Amendment.descriptor
}
