/// Throughput and latency percentiles of one measured run (latency, or lateness for reminders).
struct LatencySummary: Sendable {
    let operations: Int
    let seconds: Double
    let p50: Double
    let p99: Double
    let maximum: Double

    /// From per-operation latencies (seconds) over a wall time of `seconds`.
    init(latencies: [Double], seconds: Double) {
        let sorted = latencies.sorted()
        operations = sorted.count
        self.seconds = seconds
        func percentile(_ fraction: Double) -> Double {
            guard !sorted.isEmpty else { return .nan }
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * fraction).rounded(.down)))]
        }
        p50 = percentile(0.50)
        p99 = percentile(0.99)
        maximum = sorted.last ?? .nan
    }

    var perSecond: Double { seconds > 0 ? Double(operations) / seconds : 0 }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
