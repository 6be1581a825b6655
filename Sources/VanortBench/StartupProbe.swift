import Foundation
import VanortTestSupport

/// Benchmark 4: vanortd's time from exec to systemd's READY=1, and its resident memory.
struct StartupProbe {
    /// What one start showed.
    struct Figures {
        let pending: Int
        let visits: Int
        let readySeconds: Double
        let readyKiB: Int
        var afterKiB = 0
        var peakKiB = 0

        /// With the memory the daemon holds now, after its work, and its peak.
        func finished(_ daemon: DaemonProcess) -> Figures {
            var figures = self
            figures.afterKiB = daemon.residentKiB
            figures.peakKiB = daemon.peakResidentKiB
            return figures
        }
    }

    /// Starts vanortd under a stand-in for systemd's notification socket and waits for READY=1.
    static func start(databaseURL: String, pending: Int, visits: Int, arguments: [String] = []) async throws -> (DaemonProcess, Figures) {
        let directory = try DaemonProcess.makeDirectory()
        let notify = try NotifySocket(path: directory.appendingPathComponent("notify").path)
        let clock = ContinuousClock()
        let began = clock.now
        let daemon = try await DaemonProcess.start(
            databaseURL: databaseURL, arguments: ["--log-level", "info", "--pool-size", "8"] + arguments,
            environment: ["NOTIFY_SOCKET": notify.path], directory: directory, waitForSocket: false)
        guard let message = await notify.next(), message.hasPrefix("READY=1") else {
            await daemon.stop()
            throw BenchmarkError("vanortd did not report READY=1:\n\(daemon.log)")
        }
        let ready = (clock.now - began).seconds
        return (daemon, Figures(pending: pending, visits: visits, readySeconds: ready, readyKiB: daemon.residentKiB))
    }
}
