import CLibPQ
import Foundation

/// One libpq connection.
///
/// Not thread-safe and deliberately not `Sendable`: libpq allows one thread at a time
/// per connection, so a connection lives inside one `PostgresPool` slot and is only
/// touched on that slot's queue (or by a single test thread).
public final class PostgresConnection {
    private var handle: OpaquePointer?
    /// Statements that completed since the pool last handed this connection out;
    /// while it is zero, a lost connection means nothing of the caller's work ran.
    var completedStatements = 0
    /// Statement names by SQL text: each text is parsed and planned once per connection.
    private var prepared: [String: String] = [:]
    /// More distinct texts than this (filters combine) and the cache starts over.
    static let preparedLimit = 256

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
        _ = try consume(PQprepare(handle, name, text, 0, nil), on: handle)
        completedStatements -= 1  // preparing ran nothing of the caller's work
        prepared[text] = name
        return name
    }

    /// Runs SQL text that may hold several statements, without parameters.
    /// Only for text the program itself carries (migration files); never for user input.
    public func runScript(trusted text: String) throws {
        guard let handle else { throw PostgresError.connectionLost("connection is closed") }
        _ = try consume(PQexec(handle, text), on: handle)
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    @discardableResult
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try query("BEGIN")
        let value: T
        do {
            value = try body()
        } catch {
            if isOpen { _ = try? query("ROLLBACK") }
            throw error
        }
        try query("COMMIT")
        return value
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
