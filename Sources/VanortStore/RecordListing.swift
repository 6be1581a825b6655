import VanortPostgres

/// How records that are no noun of the register (access tokens, accounts, calendar feeds)
/// are listed: one `SELECT … WHERE true` and the column that keys its rows, so every
/// listing, read-back and revocation of them reads the same columns.
struct RecordListing: Sendable {
    let select: SQL
    /// `t.id`: the key column, as `select` names it.
    let key: SQL

    /// Every record, newest first.
    func all(on connection: PostgresConnection) throws -> PostgresRows {
        var sql = select
        sql.append(" ORDER BY ")
        sql.append(key)
        sql.append(" DESC")
        return try connection.query(sql)
    }

    /// Record `id` as the listing shows it.
    func one(_ id: Int, on connection: PostgresConnection) throws -> PostgresRows {
        var sql = select
        sql.andEquals(key, id)
        return try connection.query(sql)
    }

    /// Runs `change`, a statement about record `id` of `noun`, and returns the record; a
    /// record that is not there is `notFound`.
    func changing(_ change: SQL, id: Int, noun: String, on connection: PostgresConnection) throws -> PostgresRows {
        guard try connection.query(change).affectedRows == 1 else { throw StoreError.notFound(noun: noun, reference: String(id)) }
        return try one(id, on: connection)
    }
}
