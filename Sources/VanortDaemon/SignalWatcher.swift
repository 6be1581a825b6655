import Dispatch
import Foundation

/// Turns POSIX signals into calls on a private queue, where ordinary code may run.
final class SignalWatcher {
    private var sources: [any DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "vanort.signals")

    /// Starts watching `signal`; `handler` runs on the watcher's queue for each delivery.
    func watch(_ signalNumber: Int32, _ handler: @escaping @Sendable () -> Void) {
        signal(signalNumber, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
        source.setEventHandler(handler: handler)
        source.resume()
        sources.append(source)
    }

    deinit {
        sources.forEach { $0.cancel() }
    }
}
