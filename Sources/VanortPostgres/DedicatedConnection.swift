import Dispatch

/// One libpq connection outside the pool, kept by one owner across calls, so that a
/// transaction may stay open while the owner awaits something else (a reminder claim loop
/// holds its batch's row locks while it delivers).
///
/// Calls run on the connection's own serial queue, never on Swift's cooperative pool. A
/// call is never repeated on a new connection: what an open transaction did is gone with
/// a lost connection, so the owner hears `connectionLost` and starts over; the next call
/// connects afresh.
public final class DedicatedConnection: @unchecked Sendable {
    private let url: String
    private let applicationName: String
    /// Guards `connection`; libpq calls for it run only here.
    private let queue: DispatchQueue
    private var connection: PostgresConnection?

    public init(url: String, applicationName: String, label: String) {
        self.url = url
        self.applicationName = applicationName
        self.queue = DispatchQueue(label: label)
    }

    /// Runs `body` on the connection, connecting first when there is none. A lost
    /// connection is closed and its error thrown.
    public func run<T: Sendable>(_ body: @escaping @Sendable (PostgresConnection) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result { try self.runHere(body) })
            }
        }
    }

    /// Closes the connection (an open transaction rolls back with it).
    public func close() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            queue.async {
                self.connection?.close()
                self.connection = nil
                done.resume()
            }
        }
    }

    private func runHere<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        if connection?.isOpen != true {
            connection = try PostgresConnection(url: url, applicationName: applicationName)
        }
        guard let connection else { throw PostgresError.connectionLost("connection is closed") }
        do {
            return try body(connection)
        } catch PostgresError.connectionLost(let message) {
            connection.close()
            self.connection = nil
            throw PostgresError.connectionLost(message)
        }
    }
}
