import ServiceLifecycle
import UnixSignals

/// SIGHUP as a service: each one reloads the configuration file (see `Daemon.reload`);
/// graceful shutdown ends the watch.
struct ReloadService: Service {
    let reload: @Sendable () -> Void

    func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            reload()
        }
    }
}
