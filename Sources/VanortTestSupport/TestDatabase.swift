import Foundation
import VanortPostgres

/// A throwaway database for one test, on the cluster `VANORT_TEST_DATABASE_URL` names
/// (default: the local server's `postgres` database). Dropped by `drop()`.
public struct TestDatabase: Sendable {
    public let name: String
    public let url: String
    let adminURL: String

    /// The main test cluster's maintenance database.
    public static var adminURL: String {
        ProcessInfo.processInfo.environment["VANORT_TEST_DATABASE_URL"] ?? "postgresql:///postgres"
    }

    /// Creates `vanort_test_<random>` and returns it.
    public static func create(on adminURL: String = TestDatabase.adminURL) throws -> TestDatabase {
        let name = "vanort_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        let admin = try PostgresConnection(url: adminURL, applicationName: "vanort-tests", connectTimeoutSeconds: connectTimeout)
        // The name is generated above, never typed by anyone: safe as an identifier.
        try admin.query(.unsafeRaw("CREATE DATABASE \(name)"))
        return TestDatabase(name: name, url: Self.url(adminURL, database: name), adminURL: adminURL)
    }

    /// Runs `body` with a fresh database and drops it afterwards, whatever happened.
    /// Creating and dropping take a while; they run off the cooperative pool.
    public static func with<T>(on adminURL: String = TestDatabase.adminURL, _ body: (TestDatabase) async throws -> T) async throws -> T {
        let database = try await onThread { try create(on: adminURL) }
        do {
            let value = try await body(database)
            _ = try? await onThread { try database.drop() }
            return value
        } catch {
            _ = try? await onThread { try database.drop() }
            throw error
        }
    }

    public func drop() throws {
        let admin = try PostgresConnection(url: adminURL, applicationName: "vanort-tests", connectTimeoutSeconds: Self.connectTimeout)
        try admin.query(.unsafeRaw("DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
    }

    /// A new connection to this database, for blocking code (inside `onThread` or a
    /// `withConnection` body); async tests use `query` or `withConnection`.
    public func connect() throws -> PostgresConnection {
        try PostgresConnection(url: url, applicationName: "vanort-tests", connectTimeoutSeconds: Self.connectTimeout)
    }

    /// Runs `body` with a new connection on a thread of its own: libpq blocks, and a test
    /// that blocks Swift's cooperative pool (one thread per core) slows every other test.
    public func withConnection<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await onThread {
            let connection = try connect()
            defer { connection.close() }
            return try body(connection)
        }
    }

    /// A pool on this database for a test, with the tests' generous connect timeout.
    public func pool(size: Int) -> PostgresPool {
        PostgresPool(url: url, size: size, applicationName: "vanort-tests", connectTimeoutSeconds: Self.connectTimeout)
    }

    /// Runs one statement on a new connection, off the cooperative pool.
    public func query(_ sql: SQL) async throws -> PostgresRows {
        try await withConnection { try $0.query(sql) }
    }

    /// Under load CREATE DATABASE queues behind its template's lock: libpq's 3 s is too short.
    public static var connectTimeout: Int { TestTimeouts.socketRead.wholeSeconds }

    /// `adminURL` with its database replaced by `database` (keeps host, port and options).
    static func url(_ adminURL: String, database: String) -> String {
        guard var components = URLComponents(string: adminURL) else { return adminURL }
        components.path = "/" + database
        return components.string ?? adminURL
    }
}
