import CLibPQ
import Dispatch
import Foundation

/// Listens on one `NOTIFY` channel over a connection of its own and calls back with each
/// payload, woken by the socket becoming readable (no polling).
///
/// When the connection breaks it reconnects with back-off and then calls back with nil:
/// notifications may have been missed meanwhile, so the receiver should look afresh.
public final class PostgresListener: @unchecked Sendable {
    private let url: String
    private let channel: StaticString
    private let onNotify: @Sendable (String?) -> Void
    /// Guards everything below; libpq calls for this connection run only here.
    private let connectionQueue = DispatchQueue(label: "vanort.postgres.listener")
    private var connection: PostgresConnection?
    private var source: (any DispatchSourceRead)?
    private var backoff: Double = 0.25
    private var stopped = false

    /// `channel` is a literal channel name such as `"vanort_reminders"`.
    public init(url: String, channel: StaticString, onNotify: @escaping @Sendable (String?) -> Void) {
        self.url = url
        self.channel = channel
        self.onNotify = onNotify
    }

    public func start() {
        connectionQueue.async { self.connect() }
    }

    /// Stops listening and closes the connection; returns once the queue has done so,
    /// without blocking a thread of the caller's.
    public func stop() async {
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            connectionQueue.async {
                self.stopped = true
                self.teardown()
                done.resume()
            }
        }
    }

    private func connect() {
        guard !stopped else { return }
        do {
            let connection = try PostgresConnection(url: url, applicationName: "vanortd-listener")
            try connection.query(.unsafeRaw("LISTEN \(channel)"))
            let source = DispatchSource.makeReadSource(fileDescriptor: connection.socketDescriptor, queue: connectionQueue)
            source.setEventHandler { [weak self] in self?.readable() }
            // libpq owns the socket: close the connection only once the source let go of it.
            source.setCancelHandler { connection.close() }
            self.connection = connection
            self.source = source
            source.resume()
            backoff = 0.25
            onNotify(nil)
        } catch {
            retryLater()
        }
    }

    private func readable() {
        guard let connection else { return }
        do {
            for payload in try connection.notifications() { onNotify(payload) }
        } catch {
            teardown()
            retryLater()
        }
    }

    private func teardown() {
        source?.cancel()
        source = nil
        connection = nil
    }

    private func retryLater() {
        guard !stopped else { return }
        let delay = backoff
        backoff = min(backoff * 2, 5)
        connectionQueue.asyncAfter(deadline: .now() + delay) { [weak self] in self?.connect() }
    }
}
