import Foundation
import VanortTestSupport

/// Benchmark 6: `reminder add` pipelined on one admin session: every request written at
/// once, then every reply read (JSON, one line each). The figure is requests answered per
/// second, from the first byte written to the last reply read.
struct PipelineBenchmark {
    let socketPath: String
    let requests: Int

    func reminderAdds() async throws -> Double {
        let count = requests
        let lines = (0..<count).map { "reminder add at=2031-06-0\($0 % 9 + 1)T09:00 note=pipelined-\($0) format=json\n" }.joined()
        return try await RawLineClient.with(socketPath: socketPath) { client in
            _ = try await client.readLine()
            let clock = ContinuousClock()
            let start = clock.now
            try await client.send(lines)
            for index in 0..<count {
                guard let reply = try await client.readLine() else { throw BenchmarkError("the daemon closed after \(index) replies") }
                guard reply.hasPrefix("{\"code\":201") else { throw BenchmarkError("reminder add \(index): \(reply.prefix(200))") }
            }
            return Double(count) / (clock.now - start).seconds
        }
    }
}
