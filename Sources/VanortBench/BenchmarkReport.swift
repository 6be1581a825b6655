import Foundation

/// The figures of one run as Markdown, with the machine they were measured on.
struct BenchmarkReport {
    let smoke: Bool
    private var notes: [String] = []
    private var socketRows: [String] = []
    private var cliRows: [String] = []

    init(smoke: Bool) {
        self.smoke = smoke
    }

    mutating func note(_ text: String) {
        notes.append(text)
    }

    mutating func socket(_ name: String, clients: Int, vanort: LatencySummary, baseline: LatencySummary) {
        let ratio = baseline.perSecond > 0 ? vanort.perSecond / baseline.perSecond : .nan
        let p99Gap = (vanort.p99 - baseline.p99) * 1000
        socketRows.append(
            "| `\(name)` | \(clients) | \(Self.number(vanort.perSecond)) | \(Self.number(baseline.perSecond)) | \(String(format: "%.2f", ratio)) | "
                + "\(Self.ms(vanort.p50)) / \(Self.ms(vanort.p99)) | \(Self.ms(baseline.p50)) / \(Self.ms(baseline.p99)) | "
                + "\(String(format: "%+.2f", p99Gap)) |")
    }

    mutating func cli(_ rows: [(String, Double)]) {
        cliRows = rows.map { "| `\($0.0)` | \(Self.ms($0.1)) |" }
    }

    var markdown: String {
        """
        # Benchmarks

        Measured by `vanort-bench` (`swift build -c release && .build/release/vanort-bench`)\(smoke ? " in smoke mode (tiny sizes; not figures to quote)" : "") on \(Self.machine()).
        Every figure stands next to its baseline from the same run.

        \(notes.joined(separator: "\n"))

        ## 1. Admin socket against libpq
        Clients send the command back to back over their own session; the baseline runs the
        store's statements for it (for `visit add`: insert and read back in one transaction;
        for `upcoming`: the same query) over as many libpq connections, one thread each.
        Goal: throughput at least 0.8 × the baseline's; p99 at one client within 1 ms of it.

        | command | clients | vanort ops/s | libpq ops/s | ratio | vanort p50 / p99 ms | libpq p50 / p99 ms | p99 gap ms |
        |---|---|---|---|---|---|---|---|
        \(socketRows.joined(separator: "\n"))

        ## 5. Command line against psql
        Median wall time of one run (process start to exit). Goal: no slower than psql.

        | command | median ms |
        |---|---|
        \(cliRows.joined(separator: "\n"))

        ## Not measured yet
        Reminder lateness at 10k/100k/1M pending (2), the 100k burst with one and two daemons
        (3), and memory and time to ready with 1M pending reminders and 1M visits (4) are the
        harness's next step (issue 6).
        """
    }

    static func ms(_ seconds: Double) -> String { String(format: "%.2f", seconds * 1000) }
    static func number(_ value: Double) -> String { String(format: "%.0f", value) }

    /// CPU model and count, memory, PostgreSQL and kernel, as /proc and the tools say.
    static func machine() -> String {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?
            .trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let memory = ProcessInfo.processInfo.physicalMemory / (1 << 30)
        return "\(model), \(cores) cores, \(memory) GiB, \(ProcessInfo.processInfo.operatingSystemVersionString)"
    }
}
