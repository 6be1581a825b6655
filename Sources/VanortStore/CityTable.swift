import VanortDomain
import VanortPostgres

/// Cities: `city` table.
enum CityTable: RecordTable {
    static let noun = Noun.city
    static let table: SQL = "city"
    static let select: SQL = """
        SELECT r.id, r.name, r.country, r.region, r.timezone, r.population, r.website, r.notes, r.version
        FROM city r WHERE true
        """
    static let filterKeys: Set<String> = ["country"]
    static let associationAccess = AssociationAccess.readAll
    static let searchText: SQL = "vanort_fold(concat_ws(' ', r.name, r.region, r.country))"
    static let identity: SQL? = "vanort_fold(o.name) = vanort_fold(n.name) AND o.country = n.country"
    static let identityLabel: SQL = "o.name || ', ' || o.country"
    static let identityIsUnique = true

    static func form(_ connection: PostgresConnection, id: Int) throws -> [String: String] {
        try connection.query(SQL(
            """
            SELECT name, country, region, timezone, population::text AS population, website, notes
            FROM city WHERE id = $1
            """, id)).first?.textFields() ?? [:]
    }

    static func save(_ connection: PostgresConnection, _ input: FieldInput, id: Int?, context: StoreContext) throws -> Int {
        let city = try City(input)
        guard let id else {
            return try returnedID(connection.query(SQL(
                """
                INSERT INTO city (name, country, region, timezone, population, website, notes)
                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id
                """, city.name, city.country, city.region, city.timeZone, city.population, city.website, city.notes)))
        }
        try connection.query(SQL(
            """
            UPDATE city SET name = $2, country = $3, region = $4, timezone = $5, population = $6, website = $7,
                notes = $8, version = version + 1, updated_at = now()
            WHERE id = $1
            """, id, city.name, city.country, city.region, city.timeZone, city.population, city.website, city.notes))
        return id
    }

    static func filter(_ sql: inout SQL, key: String, value: String, resolver: ReferenceResolver) throws {
        if key == "country" { sql.andEquals("r.country", value.uppercased()) }
    }
}
