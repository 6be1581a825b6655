import Foundation
import Synchronization
import VanortTestSupport

/// Benchmark 8: vanortd's resident memory while many admin sessions each pipeline many
/// requests at once. Every session writes all its `ping` lines in one go and reads the
/// replies as they come; the daemon's memory is sampled every 20 ms meanwhile. Flat means
/// the peak does not grow with the requests queued, only with the sessions open (each
/// session's buffers are bounded: see docs/protocol.md, "Pipelining").
struct SessionMemoryBenchmark {
    let databaseURL: String
    let requests: Int

    /// What one level showed.
    struct Figures {
        let sessions: Int
        let requests: Int
        let idleKiB: Int
        let peakKiB: Int
        let afterKiB: Int
        let seconds: Double
    }

    /// Starts a daemon of its own (room for `sessions` clients), runs the level, stops it.
    func measure(sessions: Int) async throws -> Figures {
        Self.raiseDescriptorLimit()
        let (daemon, _) = try await StartupProbe.start(
            databaseURL: databaseURL, pending: 0, visits: 0, arguments: ["--max-clients", "\(sessions + 16)"])
        do {
            let figures = try await measure(sessions: sessions, on: daemon)
            await daemon.stop()
            return figures
        } catch {
            await daemon.stop()
            throw error
        }
    }

    private func measure(sessions: Int, on daemon: DaemonProcess) async throws -> Figures {
        let idle = daemon.residentKiB
        let peak = Mutex(idle)
        let sampler = Task {
            while !Task.isCancelled {
                let now = daemon.residentKiB
                peak.withLock { $0 = max($0, now) }
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        let lines = String(repeating: "ping\n", count: requests)
        let count = requests
        let socketPath = daemon.socketPath
        let clock = ContinuousClock()
        let start = clock.now
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<sessions {
                    group.addTask {
                        try await Self.connecting(socketPath) { client in
                            try await client.send(lines)
                            for index in 0..<count {
                                guard let reply = try await client.readLine() else { throw BenchmarkError("the daemon closed after \(index) replies") }
                                guard reply.hasPrefix("200") else { throw BenchmarkError("ping \(index): \(reply.prefix(200))") }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
        } catch {
            sampler.cancel()
            throw error
        }
        let seconds = (clock.now - start).seconds
        sampler.cancel()
        _ = await sampler.value
        return Figures(
            sessions: sessions, requests: requests, idleKiB: idle, peakKiB: max(peak.withLock { $0 }, daemon.peakResidentKiB),
            afterKiB: daemon.residentKiB, seconds: seconds)
    }

    /// Runs `body` on a greeted session. A thousand clients connecting at once overflow the
    /// socket's backlog (EAGAIN), as they would any server's: those try again shortly.
    private static func connecting(_ socketPath: String, _ body: @escaping (inout RawLineClient) async throws -> Void) async throws {
        for attempt in 1...200 {
            var greeted = false
            do {
                try await RawLineClient.with(socketPath: socketPath) { client in
                    guard let greeting = try await client.readLine(), greeting.hasPrefix("200") else {
                        throw BenchmarkError("a session was not greeted (max-clients?)")
                    }
                    greeted = true
                    try await body(&client)
                }
                return
            } catch where !greeted && attempt < 200 {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
    }

    /// A thousand sessions need a thousand descriptors here and in the daemon (which inherits the limit).
    private static func raiseDescriptorLimit() {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
    }
}
