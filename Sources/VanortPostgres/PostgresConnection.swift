import CLibPQ
import Foundation

/// One libpq connection.
///
/// Not thread-safe and deliberately not `Sendable`: libpq allows one thread at a time
/// per connection, so a connection lives inside one `PostgresPool` slot and is only
/// touched on that slot's queue (or by a single test thread).
///
/// Statements whose results nobody reads (`BEGIN`, the audit entry, `COMMIT`, a batch's
/// delivery rows) are *sent ahead* in libpq's pipeline mode: they travel with the next
/// statement that is waited for, in one round trip, and their errors are thrown there.
public final class PostgresConnection {
    private var handle: OpaquePointer?
    /// What was sent ahead in pipeline mode and not yet read back, in order.
    private var sentAhead: [SentAhead] = []
    /// Round trips to the server since the connection opened (a pipeline counts once),
    /// so tests can hold a transaction's cost to what it should be.
    public private(set) var roundTrips = 0
    /// Statements that completed since the pool last handed this connection out;
    /// while it is zero, a lost connection means nothing of the caller's work ran.
    var completedStatements = 0
    /// Whether `transaction` is running, and what `queryCommitting` did with it.
    private var transactionState = TransactionState.none
    /// Statement names by SQL text: each text is parsed and planned once per connection.
    private var prepared: [String: String] = [:]
    /// More distinct texts than this (filters combine) and the cache starts over.
    static let preparedLimit = 256
    private static let commit: SQL = "COMMIT"
    /// A transaction begun inside another is a savepoint of it. One name serves every depth:
    /// PostgreSQL keeps an outer savepoint of the same name and releases or rolls back to the
    /// innermost.
    private static let savepoint: SQL = "SAVEPOINT vanort_nested"
    private static let releaseSavepoint: SQL = "RELEASE SAVEPOINT vanort_nested"
    private static let rollbackToSavepoint: SQL = "ROLLBACK TO SAVEPOINT vanort_nested"
    /// Transactions open on the connection (`transaction`'s and a shared one's), so a
    /// `transaction` inside one knows to be a savepoint.
    private var openTransactions = 0

    /// Opens a connection. `url` is a libpq connection string or `postgresql://` URL.
    public init(url: String, applicationName: String = "vanortd", connectTimeoutSeconds: Int = 3) throws {
        // Our defaults come first so anything the URL says overrides them.
        let keywords = ["connect_timeout", "application_name", "client_encoding", "dbname"]
        let values = [String(connectTimeoutSeconds), applicationName, "UTF8", url]
        let connection = withCStrings(keywords) { keywordPointers in
            withCStrings(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        guard let connection else { throw PostgresError.connectionLost("out of memory") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(connection)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(connection)
            throw PostgresError.connectionLost(message)
        }
        handle = connection
        // Server notices ("relation already exists, skipping") are not errors; keep them off stderr.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        // Every decoder in this module reads ISO dates and UTC instants. Kept statements get
        // PostgreSQL's own plan choice (a generic plan once it costs no more than the custom
        // ones): planning the reminder read-back, a join with the union of every event kind,
        // was 0.5 ms of each `reminder add`. Statements whose plan depends on the values say so
        // (`SQL.plannedForEachRun()`).
        try runScript(trusted: "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'iso_8601'")
        completedStatements = 0
    }

    deinit {
        if let handle { PQfinish(handle) }
    }

    /// True while libpq believes the connection is usable.
    public var isOpen: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Closes the connection; every later call fails with `connectionLost`.
    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    /// The server's process id for this session (to terminate it in tests, or for logs).
    public var backendPID: Int32 {
        guard let handle else { return 0 }
        return PQbackendPID(handle)
    }

    /// The socket libpq talks over, for waiting on notifications; -1 when closed.
    public var socketDescriptor: Int32 {
        guard let handle else { return -1 }
        return PQsocket(handle)
    }

    /// Reads what the server sent without blocking and returns the payloads of the
    /// `NOTIFY`s that arrived (for a connection that ran `LISTEN`).
    public func notifications() throws -> [String] {
        guard let handle else { throw PostgresError.connectionLost("connection is closed") }
        guard PQconsumeInput(handle) == 1, PQstatus(handle) == CONNECTION_OK else {
            throw PostgresError.connectionLost(lastErrorMessage(handle))
        }
        var payloads: [String] = []
        while let notification = PQnotifies(handle) {
            payloads.append(String(cString: notification.pointee.extra))
            PQfreemem(notification)
        }
        return payloads
    }

    /// Runs one parameterised statement and returns its rows. The statement is prepared on
    /// first use and kept for the connection's life, so later runs skip parsing (and
    /// planning, once PostgreSQL settles on a generic plan), unless it is planned for each run.
    @discardableResult
    public func query(_ sql: SQL) throws -> PostgresRows {
        guard let handle else { throw PostgresError.connectionLost("connection is closed") }
        if !sentAhead.isEmpty {
            // The statement joins what was sent ahead; one round trip reads every result.
            try dispatch(sql, on: handle, answering: true)
            return try synchronize(handle) ?? PostgresRows(columns: [], types: [], values: [], affectedRows: 0)
        }
        roundTrips += 1
        if sql.isPlannedForEachRun {
            let result = withOptionalCStrings(sql.bindings) { parameters in
                PQexecParams(handle, sql.text, Int32(parameters.count), nil, parameters, nil, nil, 0)
            }
            return try consume(result, on: handle)
        }
        let name = try preparedName(sql.text, on: handle)
        let result = withOptionalCStrings(sql.bindings) { parameters in
            PQexecPrepared(handle, name, Int32(parameters.count), parameters, nil, nil, 0)
        }
        do {
            return try consume(result, on: handle)
        } catch PostgresError.server(let error)
            where error.sqlState == "0A000" && error.message.contains("cached plan") && PQtransactionStatus(handle) == PQTRANS_IDLE
        {
            // A migration changed what a kept statement returns: prepare it afresh, once
            // (outside a transaction; inside one the caller's transaction has failed anyway).
            prepared[sql.text] = nil
            _ = try? consume(PQexec(handle, "DEALLOCATE \(name)"), on: handle)
            let retry = try preparedName(sql.text, on: handle)
            let result = withOptionalCStrings(sql.bindings) { parameters in
                PQexecPrepared(handle, retry, Int32(parameters.count), parameters, nil, nil, 0)
            }
            return try consume(result, on: handle)
        }
    }

    /// The name `text` is prepared under, preparing it now if it is new to this connection.
    private func preparedName(_ text: String, on handle: OpaquePointer) throws -> String {
        if let name = prepared[text] { return name }
        if prepared.count >= Self.preparedLimit {
            _ = try consume(PQexec(handle, "DEALLOCATE ALL"), on: handle)
            prepared.removeAll()
        }
        let name = "vanort_\(prepared.count + 1)"
        roundTrips += 1
        _ = try consume(PQprepare(handle, name, text, 0, nil), on: handle)
        completedStatements -= 1  // preparing ran nothing of the caller's work
        prepared[text] = name
        return name
    }

    /// Runs SQL text that may hold several statements, without parameters.
    /// Only for text the program itself carries (migration files); never for user input.
    public func runScript(trusted text: String) throws {
        guard let handle else { throw PostgresError.connectionLost("connection is closed") }
        if !sentAhead.isEmpty { _ = try synchronize(handle) }
        roundTrips += 1
        _ = try consume(PQexec(handle, text), on: handle)
    }

    /// Sends a statement whose result the caller does not need, without waiting: it travels
    /// with the next `query` (or `flush`), and an error of it is thrown there, before that
    /// statement's own. Within a transaction, so a failure leaves nothing half done.
    public func sendAhead(_ sql: SQL) throws {
        guard let handle else { throw PostgresError.connectionLost("connection is closed") }
        try enterPipeline(handle)
        try dispatch(sql, on: handle, answering: false)
    }

    /// Runs `sql` as the last statement of the transaction `transaction` is running, and
    /// commits it: the statement, what was sent ahead, the transaction's closing statement
    /// (the audit entry) and `COMMIT` travel together, so a write whose last statement
    /// reads back what it wrote commits in the same round trip. Returns `sql`'s rows; an
    /// error of any of them is thrown and nothing is committed. Nested in another transaction
    /// it releases its savepoint instead of committing. Outside `transaction`, and after it
    /// already committed, it is a plain `query`.
    public func queryCommitting(_ sql: SQL) throws -> PostgresRows {
        guard let handle else { throw PostgresError.connectionLost("connection is closed") }
        guard case .open(let closing, let nested) = transactionState else { return try query(sql) }
        try enterPipeline(handle)
        try dispatch(sql, on: handle, answering: true)
        if let closing { try dispatch(closing, on: handle, answering: false) }
        if nested {
            try dispatch(Self.releaseSavepoint, on: handle, answering: false)
        } else {
            try dispatch(Self.commit, on: handle, answering: false)
            committing()
        }
        do {
            let rows = try synchronize(handle) ?? PostgresRows(columns: [], types: [], values: [], affectedRows: 0)
            transactionState = .committed
            return rows
        } catch {
            // The server skipped COMMIT: `transaction` rolls back and throws this, even if
            // the body goes on.
            transactionState = .aborted(error)
            throw error
        }
    }

    /// A `COMMIT` is on its way: if the connection is lost now the transaction may have
    /// committed, so the pool must not run the caller's work again on a new connection
    /// (it counts as a completed statement).
    private func committing() {
        completedStatements += 1
    }

    /// Starts libpq's pipeline mode unless something was sent ahead already.
    private func enterPipeline(_ handle: OpaquePointer) throws {
        if sentAhead.isEmpty, PQenterPipelineMode(handle) != 1 {
            throw PostgresError.connectionLost(lastErrorMessage(handle))
        }
    }

    /// Waits for everything sent ahead and throws the first error among it.
    public func flush() throws {
        guard let handle, !sentAhead.isEmpty else { return }
        _ = try synchronize(handle)
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    /// `BEGIN` goes with the body's first statement, and `closing` (the audit entry) and
    /// `COMMIT` with its last: the one it runs with `queryCommitting`, else whatever it sent
    /// ahead last, so a transaction costs no round trip of its own. Inside another
    /// transaction (a shared one, `beginShared`) it is a savepoint of it: released instead of
    /// committed, rolled back to without touching what the outer one did before.
    @discardableResult
    public func transaction<T>(closing: SQL? = nil, _ body: () throws -> T) throws -> T {
        let nested = openTransactions > 0
        try sendAhead(nested ? Self.savepoint : "BEGIN")
        let outer = transactionState
        transactionState = .open(closing: closing, nested: nested)
        openTransactions += 1
        defer {
            transactionState = outer
            openTransactions -= 1
        }
        let value: T
        do {
            value = try body()
            if case .aborted(let error) = transactionState { throw error }
        } catch {
            // What `queryCommitting` committed (or released into the shared transaction) stays.
            if isOpen, !transactionState.isClosed { rollBack(nested: nested) }
            throw error
        }
        guard case .open = transactionState else { return value }
        do {
            if let closing { try sendAhead(closing) }
            if nested {
                try query(Self.releaseSavepoint)
            } else {
                committing()
                try query(Self.commit)
            }
        } catch {
            // A statement sent ahead failed, so COMMIT was skipped and the block is aborted
            // (or COMMIT itself failed, and this ROLLBACK only meets no transaction).
            if isOpen { rollBack(nested: nested) }
            throw error
        }
        return value
    }

    /// Undoes the transaction `transaction` is running: with the pipeline when it holds no
    /// error (one round trip); after an error the server skipped it, so once more on its own.
    private func rollBack(nested: Bool) {
        let statements: [SQL] = nested ? [Self.rollbackToSavepoint, Self.releaseSavepoint] : ["ROLLBACK"]
        do {
            for statement in statements { try sendAhead(statement) }
            try flush()
        } catch {
            for statement in statements { _ = try? query(statement) }
        }
    }

    /// Begins a transaction that the `transaction`s run until `commitShared` join as
    /// savepoints: several requests' writes, each undone alone when it fails, committed
    /// together with one WAL flush (`PostgresPool.CommitGroup`). `BEGIN` goes with the first
    /// statement.
    public func beginShared() throws {
        guard openTransactions == 0 else {
            throw PostgresError.server(PostgresServerError(sqlState: "25001", message: "a shared transaction begins outside any other"))
        }
        try sendAhead("BEGIN")
        openTransactions = 1
    }

    /// Commits the shared transaction. Throws, and commits nothing, when it is not intact: a
    /// failed statement left outside every savepoint would otherwise turn `COMMIT` into a
    /// silent rollback.
    public func commitShared() throws {
        guard let handle else { throw PostgresError.connectionLost("connection is closed") }
        defer { openTransactions = 0 }
        try flush()
        guard PQtransactionStatus(handle) == PQTRANS_INTRANS else {
            rollBack(nested: false)
            throw PostgresError.server(PostgresServerError(
                sqlState: "25P02", message: "the shared transaction failed before its commit and was rolled back"))
        }
        committing()
        try query(Self.commit)
    }

    /// Rolls back the shared transaction and everything its savepoints released into it.
    public func rollbackShared() {
        openTransactions = 0
        if isOpen { rollBack(nested: false) }
    }

    /// Sends one statement in pipeline mode (preparing it first when it is new) and notes
    /// what its results will be.
    private func dispatch(_ sql: SQL, on handle: OpaquePointer, answering: Bool) throws {
        let sent: Int32
        if sql.isPlannedForEachRun || (prepared[sql.text] == nil && prepared.count >= Self.preparedLimit) {
            sent = withOptionalCStrings(sql.bindings) { parameters in
                PQsendQueryParams(handle, sql.text, Int32(parameters.count), nil, parameters, nil, nil, 0)
            }
        } else {
            let name: String
            if let known = prepared[sql.text] {
                name = known
            } else {
                name = "vanort_\(prepared.count + 1)"
                guard PQsendPrepare(handle, name, sql.text, 0, nil) == 1 else {
                    throw PostgresError.connectionLost(lastErrorMessage(handle))
                }
                prepared[sql.text] = name
                sentAhead.append(.preparation(sql.text))
            }
            sent = withOptionalCStrings(sql.bindings) { parameters in
                PQsendQueryPrepared(handle, name, Int32(parameters.count), parameters, nil, nil, 0)
            }
        }
        guard sent == 1 else { throw PostgresError.connectionLost(lastErrorMessage(handle)) }
        sentAhead.append(.statement(answering: answering))
    }

    /// Ends the pipeline: sends Sync, reads every result in order and leaves pipeline mode.
    /// Returns the answering statement's rows; throws the first error (what follows an error in
    /// the pipeline is skipped by the server, and a preparation skipped so is forgotten).
    private func synchronize(_ handle: OpaquePointer) throws -> PostgresRows? {
        let pending = sentAhead
        sentAhead = []
        roundTrips += 1
        guard PQpipelineSync(handle) == 1 else { throw PostgresError.connectionLost(lastErrorMessage(handle)) }
        var firstError: (any Error)?
        var answer: PostgresRows?
        for entry in pending {
            guard let result = PQgetResult(handle) else { throw PostgresError.connectionLost(lastErrorMessage(handle)) }
            if PQresultStatus(result) == PGRES_PIPELINE_ABORTED {
                PQclear(result)
                if case .preparation(let text) = entry { prepared[text] = nil }
            } else {
                do {
                    let rows = try consume(result, on: handle)
                    switch entry {
                    case .preparation: completedStatements -= 1
                    case .statement(let answering): if answering { answer = rows }
                    }
                } catch let error as PostgresError {
                    if case .connectionLost = error { throw error }
                    if case .preparation(let text) = entry { prepared[text] = nil }
                    firstError = firstError ?? error
                }
            }
            // Each command's results end with a NULL.
            while let extra = PQgetResult(handle) { PQclear(extra) }
        }
        guard let sync = PQgetResult(handle) else { throw PostgresError.connectionLost(lastErrorMessage(handle)) }
        let synced = PQresultStatus(sync) == PGRES_PIPELINE_SYNC
        PQclear(sync)
        guard synced, PQexitPipelineMode(handle) == 1 else { throw PostgresError.connectionLost(lastErrorMessage(handle)) }
        if let firstError { throw firstError }
        return answer
    }

    private func consume(_ result: OpaquePointer?, on handle: OpaquePointer) throws -> PostgresRows {
        guard let result else {
            // No result at all: the connection broke before the server answered.
            throw PostgresError.connectionLost(lastErrorMessage(handle))
        }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            completedStatements += 1
            return rows(of: result)
        default:
            guard let sqlState = field(result, VANORT_PG_DIAG_SQLSTATE) else {
                throw PostgresError.connectionLost(lastErrorMessage(handle))
            }
            let error = PostgresServerError(
                sqlState: sqlState,
                message: field(result, VANORT_PG_DIAG_MESSAGE_PRIMARY) ?? lastErrorMessage(handle),
                detail: field(result, VANORT_PG_DIAG_MESSAGE_DETAIL),
                hint: field(result, VANORT_PG_DIAG_MESSAGE_HINT),
                constraint: field(result, VANORT_PG_DIAG_CONSTRAINT_NAME),
                column: field(result, VANORT_PG_DIAG_COLUMN_NAME)
            )
            if error.meansConnectionLost || PQstatus(handle) != CONNECTION_OK {
                throw PostgresError.connectionLost(error.message)
            }
            throw PostgresError.server(error)
        }
    }

    private func rows(of result: OpaquePointer) -> PostgresRows {
        let columnCount = PQnfields(result)
        let rowCount = PQntuples(result)
        let columns = (0..<columnCount).map { String(cString: PQfname(result, $0)) }
        var values: [[String?]] = []
        values.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            values.append(
                (0..<columnCount).map { column in
                    PQgetisnull(result, row, column) == 1 ? nil : String(cString: PQgetvalue(result, row, column))
                })
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? Int(rowCount)
        let types = (0..<columnCount).map { UInt32(PQftype(result, $0)) }
        return PostgresRows(columns: columns, types: types, values: values, affectedRows: affected)
    }

    private func field(_ result: OpaquePointer, _ code: Int32) -> String? {
        PQresultErrorField(result, code).map { String(cString: $0) }
    }

    private func lastErrorMessage(_ handle: OpaquePointer) -> String {
        let message = String(cString: PQerrorMessage(handle)).trimmingCharacters(in: .whitespacesAndNewlines)
        return message.isEmpty ? "no response from server" : message
    }
}

/// Calls `body` with C strings that stay valid for the whole call, then frees them.
private func withCStrings<R>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    withOptionalCStrings(strings) { body($0 + [nil]) }
}

/// Like `withCStrings`, but nil stays a NULL pointer (SQL NULL) and no terminator is added.
private func withOptionalCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
    defer { copies.forEach { free($0) } }
    return body(copies.map { UnsafePointer($0) })
}

/// What one entry sent ahead in a pipeline will answer with.
private enum SentAhead {
    /// The preparation of a statement new to the connection (forgotten if it fails).
    case preparation(String)
    /// A statement's result; `answering` when its rows are what the round trip returns.
    case statement(answering: Bool)
}

/// Where a connection stands in the transaction `transaction` runs.
private enum TransactionState {
    /// No transaction of `transaction`'s.
    case none
    /// Begun; `closing` runs just before its `COMMIT` (or, `nested` in another, before the
    /// savepoint's release).
    case open(closing: SQL?, nested: Bool)
    /// `queryCommitting` committed (or released) it.
    case committed
    /// `queryCommitting` met `error`; the server skipped `COMMIT`.
    case aborted(any Error)

    /// True once `queryCommitting` committed or released it: nothing left to roll back.
    var isClosed: Bool {
        if case .committed = self { true } else { false }
    }
}
