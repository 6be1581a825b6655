import Synchronization
import VanortDomain

/// The sessions running `reminder watch`, each with a bounded queue: a subscriber that
/// does not read loses its oldest events rather than growing the daemon's memory.
public final class ReminderBroadcast: Sendable {
    /// Subscribers by id; guarded by the mutex.
    private let subscribers = Mutex<(next: Int, streams: [Int: AsyncStream<DueReminder>.Continuation])>((0, [:]))
    /// Events kept for one subscriber that is behind.
    public static let bufferLimit = 1000

    public init() {}

    /// A stream of reminders as they fire; it ends when the caller stops iterating.
    public func subscribe() -> AsyncStream<DueReminder> {
        let (stream, continuation) = AsyncStream.makeStream(of: DueReminder.self, bufferingPolicy: .bufferingNewest(Self.bufferLimit))
        let id = subscribers.withLock { state in
            state.next += 1
            state.streams[state.next] = continuation
            return state.next
        }
        continuation.onTermination = { [weak self] _ in
            self?.subscribers.withLock { _ = $0.streams.removeValue(forKey: id) }
        }
        return stream
    }

    /// Hands the reminder to every subscriber; returns how many there were.
    @discardableResult
    public func publish(_ reminder: DueReminder) -> Int {
        let streams = subscribers.withLock { Array($0.streams.values) }
        for stream in streams { stream.yield(reminder) }
        return streams.count
    }
}
