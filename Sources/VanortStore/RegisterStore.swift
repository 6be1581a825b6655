import Foundation
import VanortDomain
import VanortPostgres

/// The register's commands as database work: add, show, list, update, delete, upcoming.
///
/// Every write runs in one transaction that resolves references, validates the whole
/// record through the domain and writes it, so an error leaves nothing half-written.
public struct RegisterStore: Sendable {
    public let pool: PostgresPool
    let context: StoreContext

    public init(pool: PostgresPool, homeCity: String) {
        self.pool = pool
        self.context = StoreContext(homeCity: homeCity)
    }

    static func table(for noun: Noun) -> any RecordTable.Type {
        switch noun {
        case .city: CityTable.self
        case .agreement: AgreementTable.self
        case .association: AssociationTable.self
        case .contact: ContactTable.self
        case .visit: VisitTable.self
        case .exchange: ExchangeTable.self
        case .participant: ParticipantTable.self
        case .network: NetworkTable.self
        case .plan: PlanTable.self
        case .activity: ActivityTable.self
        case .rule: RuleTable.self
        case .grant: GrantTable.self
        case .cost: CostTable.self
        case .amendment: AmendmentTable.self
        }
    }

    /// The home municipality's time zone (Europe/Stockholm when it is not in the register).
    public func homeZone() async throws -> TimeZone {
        let context = self.context
        return try await pool.withConnection { try ReminderPlanner(connection: $0, context: context).homeZone() }
    }

    /// What a friendship association may do with a kind of record; the store enforces it
    /// on every call, and the daemon's command table is derived from it.
    public enum AssociationPermission: Sendable {
        /// Nothing; read; read and update some fields of its own records; read and write its own.
        case none, read, update, write
    }

    public static func associationPermission(for noun: Noun) -> AssociationPermission {
        switch table(for: noun).associationAccess {
        case .denied: .none
        case .readAll, .readOwn: .read
        case .readOwnUpdating: .update
        case .writeOwn: .write
        }
    }

    /// The options `list` takes for a noun (besides `search`).
    public static func filterKeys(for noun: Noun) -> Set<String> {
        table(for: noun).filterKeys
    }

    /// Adds a record and returns it as `show` would. One that is already in the register
    /// (see `RecordTable.identity`) is a conflict naming it, unless `allowDuplicate`.
    public func add(
        _ noun: Noun, _ input: [String: String], allowDuplicate: Bool = false, scope: RecordScope = .everything
    ) async throws -> Records {
        let context = self.context(scope)
        return try await Records(pool.transaction(about: noun.rawValue) { connection in
            let table = Self.table(for: noun)
            try scope.checkWrite(table)
            let id = try Self.save(table, connection, FieldInput(scope.withOwner(input, table)), id: nil, context: context)
            try Self.refuseDuplicate(of: id, table, on: connection, scope: scope, allowed: allowDuplicate)
            return try Self.select(table, id: id, on: connection, scope: scope)
        })
    }

    /// The record (visible to `scope`) that record `id` repeats, as `noun id label`.
    static func duplicate(of id: Int, _ table: any RecordTable.Type, on connection: PostgresConnection, scope: RecordScope) throws -> (id: Int, name: String)? {
        guard let identity = table.identity else { return nil }
        var sql: SQL = "SELECT o.id, "
        sql.append(table.identityLabel)
        sql.append(" AS label FROM ")
        sql.append(table.table)
        sql.append(" o, ")
        sql.append(table.table)
        sql.append(" n WHERE n.id = ")
        sql.bind(id)
        sql.append(" AND o.id <> n.id AND ")
        sql.append(identity)
        sql.append(" ORDER BY o.id")
        let resolver = ReferenceResolver(connection: connection, scope: scope)
        for row in try connection.query(sql) {
            let other = try row.decode(Int.self, "id")
            guard try resolver.exists(table.noun, id: other) else { continue }
            let label = try row.decodeIfPresent(String.self, "label") ?? ""
            return (other, "\(table.noun.rawValue) \(other)" + (label.isEmpty ? "" : " (\(label))"))
        }
        return nil
    }

    /// Throws `duplicate` when record `id` repeats another, unless `allowed` (and the noun allows it).
    static func refuseDuplicate(of id: Int, _ table: any RecordTable.Type, on connection: PostgresConnection, scope: RecordScope, allowed: Bool) throws {
        guard !allowed || table.identityIsUnique, let existing = try duplicate(of: id, table, on: connection, scope: scope) else { return }
        throw StoreError.duplicate(
            noun: table.noun.rawValue, existing: existing.name,
            bypass: table.identityIsUnique ? nil : "add --allow-duplicate to add it anyway, or update \(existing.id)")
    }

    /// One record by id (or exact name, for named records).
    public func show(_ noun: Noun, _ reference: String, scope: RecordScope = .everything) async throws -> Records {
        try await Records(pool.withConnection(about: noun.rawValue) { connection in
            let table = Self.table(for: noun)
            try scope.checkRead(table)
            let id = try ReferenceResolver(connection: connection, scope: scope).record(noun, reference, field: noun.rawValue)
            return try Self.select(table, id: id, on: connection, scope: scope)
        })
    }

    /// Records matching every filter, by id; `search` ignores case and diacritics. With
    /// `limit`, only the newest so many, newest first.
    public func list(_ noun: Noun, filters: [String: String], limit: Int? = nil, scope: RecordScope = .everything) async throws -> Records {
        try await Records(pool.withConnection(about: noun.rawValue) { connection in
            let table = Self.table(for: noun)
            var sql = table.select
            try scope.restrict(&sql, table)
            let resolver = ReferenceResolver(connection: connection, scope: scope)
            for (key, value) in filters.sorted(by: { $0.key < $1.key }) {
                if key == "search" {
                    sql.append(" AND strpos(")
                    sql.append(table.searchText)
                    sql.append(", vanort_fold(")
                    sql.bind(value)
                    sql.append(")) > 0")
                } else {
                    try table.filter(&sql, key: key, value: value, resolver: resolver)
                }
            }
            if let limit {
                sql.append(" ORDER BY r.id DESC LIMIT ")
                sql.bind(limit)
            } else {
                sql.append(" ORDER BY r.id")
            }
            return scope.masked(try connection.query(sql), table)
        })
    }

    /// Changes the given fields; the whole record is validated again. With `ifVersion`,
    /// a record changed since that version is a conflict.
    public func update(
        _ noun: Noun, _ reference: String, changes: [String: String], ifVersion: Int?, scope: RecordScope = .everything
    ) async throws -> Records {
        let context = self.context(scope)
        return try await Records(pool.transaction(about: noun.rawValue) { connection in
            let table = Self.table(for: noun)
            try scope.checkUpdate(table, changing: changes.keys)
            let id = try ReferenceResolver(connection: connection, scope: scope).record(noun, reference, field: noun.rawValue)
            let current = try connection.query(.row("SELECT version FROM", table, id: id, " FOR UPDATE"))
                .first?.decode(Int.self, "version") ?? 0
            if let ifVersion, ifVersion != current {
                throw StoreError.versionConflict(noun: noun.rawValue, id: id, expected: ifVersion, current: current)
            }
            let stored = FieldInput(try table.form(connection, id: id))
            _ = try Self.save(table, connection, stored.overlaid(with: changes), id: id, context: context)
            // A rename may not make a city another's twin.
            if table.identityIsUnique { try Self.refuseDuplicate(of: id, table, on: connection, scope: scope, allowed: false) }
            return try Self.select(table, id: id, on: connection, scope: scope)
        })
    }

    /// Deletes a record; one that others still reference is refused (`23503`), never cascaded.
    /// Associations never delete: the international office keeps the history.
    public func delete(_ noun: Noun, _ reference: String, scope: RecordScope = .everything) async throws -> Int {
        guard scope == .everything else {
            throw StoreError.denied("an association may not delete records; ask the international office")
        }
        let context = self.context(scope)
        return try await pool.transaction(about: noun.rawValue) { connection in
            let table = Self.table(for: noun)
            let id = try ReferenceResolver(connection: connection).record(noun, reference, field: noun.rawValue)
            try ReminderPlanner(connection: connection, context: context).cancel(noun, id: id)
            try connection.query(.row("DELETE FROM", table, id: id))
            return id
        }
    }

    /// Adds every record or none. Each bad record is reported with its `line` (when the
    /// client sent one) and the reason; then the whole transaction rolls back. A record
    /// already in the register (an export imported again) is a bad record, unless
    /// `updateExisting`: then it updates the one it matches.
    public func importRecords(
        _ noun: Noun, _ records: [[String: String]], updateExisting: Bool = false, scope: RecordScope = .everything
    ) async throws -> ImportSummary {
        let context = self.context(scope)
        return try await pool.transaction(about: noun.rawValue) { connection in
            let table = Self.table(for: noun)
            try scope.checkWrite(table)
            var problems: [String] = []
            var summary = ImportSummary()
            for (index, record) in records.enumerated() {
                var fields = scope.withOwner(record, table)
                let place = fields.removeValue(forKey: "line").map { "line \($0)" } ?? "record \(index + 1)"
                try connection.query("SAVEPOINT import_record")
                do {
                    let id = try Self.save(table, connection, FieldInput(fields), id: nil, context: context)
                    if let existing = try Self.duplicate(of: id, table, on: connection, scope: scope) {
                        try connection.query("ROLLBACK TO SAVEPOINT import_record")
                        guard updateExisting else {
                            problems.append("\(place): already in the register as \(existing.name) (import with --update-existing to update it)")
                            continue
                        }
                        let stored = FieldInput(try table.form(connection, id: existing.id))
                        _ = try Self.save(table, connection, stored.overlaid(with: fields), id: existing.id, context: context)
                        summary.updated += 1
                    } else {
                        summary.added += 1
                    }
                    try connection.query("RELEASE SAVEPOINT import_record")
                } catch let error as PostgresError {
                    guard case .server(let server) = error else { throw error }
                    try connection.query("ROLLBACK TO SAVEPOINT import_record")
                    problems.append("\(place): \(StoreError(server, noun: noun.rawValue)?.description ?? "not accepted by the register")")
                } catch {
                    try connection.query("ROLLBACK TO SAVEPOINT import_record")
                    problems.append("\(place): \(error)")
                }
            }
            guard problems.isEmpty else { throw ImportError(problems: problems) }
            return summary
        }
    }

    /// Visits and exchanges under way or starting within `days` days from today (the
    /// database's date), soonest first, with what each is about (a visit's purpose, an
    /// exchange's title).
    public func upcoming(days: Int, scope: RecordScope = .everything) async throws -> Records {
        // NULL: every association's; an id: only that association's.
        let owner: Int? = if case .association(let id) = scope { id } else { nil }
        return try await Records(pool.withConnection { connection in
            try connection.query(SQL(
                """
                SELECT 'visit' AS type, r.id, r.from_date AS "from", r.to_date AS "to", c.name AS city, r.direction,
                    r.kind, r.purpose AS about, a.name AS association, r.participants, r.status
                FROM visit r JOIN city c ON c.id = r.city_id LEFT JOIN association a ON a.id = r.association_id
                WHERE r.to_date >= current_date AND r.from_date <= current_date + $1::integer
                    AND r.status <> 'cancelled' AND ($2::integer IS NULL OR r.association_id = $2)
                UNION ALL
                SELECT 'exchange', r.id, r.from_date, r.to_date, c.name, r.direction, r.kind, r.title, a.name, r.participants, r.status
                FROM exchange r JOIN city c ON c.id = r.city_id LEFT JOIN association a ON a.id = r.association_id
                WHERE r.to_date >= current_date AND r.from_date <= current_date + $1::integer
                    AND r.status <> 'cancelled' AND ($2::integer IS NULL OR r.association_id = $2)
                ORDER BY 3, 1 DESC, 2
                """, days, owner).plannedForEachRun())
        })
    }

    /// What an import did.
    public struct ImportSummary: Sendable, Equatable {
        public var added = 0
        public var updated = 0
    }

    private func context(_ scope: RecordScope) -> StoreContext {
        var context = self.context
        context.scope = scope
        return context
    }

    /// Validates and writes a record, then re-plans the reminders that hang on it, in the
    /// caller's transaction.
    static func save(
        _ table: any RecordTable.Type, _ connection: PostgresConnection, _ input: FieldInput, id: Int?, context: StoreContext
    ) throws -> Int {
        let planner = ReminderPlanner(connection: connection, context: context)
        // Saving a city may change the home zone, which every zone-less rule plans in.
        let homeZone = table.noun == .city ? try planner.homeZone() : nil
        let savedID = try table.save(connection, input, id: id, context: context)
        // What an association writes must stay its own: not another's, not a staff contact.
        if context.scope != .everything, try !ReferenceResolver(connection: connection, scope: context.scope).exists(table.noun, id: savedID) {
            throw StoreError.denied("an association may only write its own \(table.noun.rawValue) records (check association and staff)")
        }
        if case .association(let associationID) = context.scope, [.visit, .exchange].contains(table.noun) {
            try notifyOffice(of: table.noun, id: savedID, new: id == nil, by: associationID, on: connection)
        }
        if table.noun == .rule {
            try planner.planRule(id: savedID)
        } else if let homeZone {
            if try planner.homeZone() != homeZone { try planner.planHomeZoneRules() }
        } else {
            try planner.plan(table.noun, id: savedID, isNew: id == nil)
        }
        return savedID
    }

    /// Tells all staff at once, through the reminder channels, that an association
    /// registered (or changed) a visit or an exchange; the agenda shows it as new until
    /// the notice is acknowledged.
    static func notifyOffice(of noun: Noun, id: Int, new: Bool, by associationID: Int, on connection: PostgresConnection) throws {
        let name = try connection.query(SQL("SELECT name FROM association WHERE id = $1", associationID)).first?
            .decodeIfPresent(String.self, "name") ?? "association \(associationID)"
        let what = noun == .visit ? (new ? "Nytt besök registrerat" : "Besöket ändrat") : (new ? "Nytt utbyte registrerat" : "Utbytet ändrat")
        let english = noun == .visit ? (new ? "New visit registered" : "Visit changed") : (new ? "New exchange registered" : "Exchange changed")
        try connection.query(SQL(
            """
            INSERT INTO reminder (about_kind, about_id, due_at, next_attempt_at, note, notice)
            VALUES ($1, $2, now(), now(), $3, 'registration')
            """, noun.rawValue, id, "\(what) av \(name). / \(english) by \(name). Kvittera med / acknowledge with: reminder ack"))
    }

    static func select(
        _ table: any RecordTable.Type, id: Int, on connection: PostgresConnection, scope: RecordScope = .everything
    ) throws -> PostgresRows {
        var sql = table.select
        sql.andEquals("r.id", id)
        return scope.masked(try connection.query(sql), table)
    }
}
