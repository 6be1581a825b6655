import Foundation

/// The figures of one run as Markdown, with the machine they were measured on.
struct BenchmarkReport {
    let smoke: Bool
    private var notes: [String] = []
    private var socketRows: [String] = []
    private var cliRows: [String] = []
    private var latenessRows: [String] = []
    private var burstRows: [String] = []
    private var startupRows: [String] = []
    private var pipelineRows: [String] = []
    private var pageRows: [String] = []
    private var sessionRows: [String] = []

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

    mutating func lateness(pending: Int, vanort: LatencySummary, baseline: LatencySummary) {
        latenessRows.append(
            "| \(Self.count(pending)) | \(Self.ms(vanort.p50)) / \(Self.ms(vanort.p99)) / \(Self.ms(vanort.maximum)) | "
                + "\(Self.ms(baseline.p50)) / \(Self.ms(baseline.p99)) / \(Self.ms(baseline.maximum)) | \(vanort.operations) |")
    }

    /// A burst row; `peer` is pgqueuer's drain rate of the same size, where it was run.
    mutating func burst(size: Int, daemons: Int, vanort: BurstBenchmark.Figures, baseline: BurstBenchmark.Figures, peer: Double?) {
        let peerCells = peer.map { "\(Self.number($0)) | \(String(format: "%.2f", vanort.perSecond / $0))" } ?? "– | –"
        burstRows.append(
            "| \(Self.count(size)) | \(daemons) | \(Self.number(vanort.perSecond)) | \(Self.ms(vanort.firstLateSeconds)) | "
                + "\(Self.number(baseline.perSecond)) | \(String(format: "%.2f", vanort.perSecond / baseline.perSecond)) | \(peerCells) |")
    }

    mutating func pages(_ figures: [WebPageBenchmark.Figures]) {
        pageRows = figures.map { figure in
            let command = figure.command.map { "`\(figure.commandText ?? "")` | \(Self.ms($0.p50)) / \(Self.ms($0.p99))" } ?? "– | –"
            return "| `\(figure.page)` | \(Self.ms(figure.p50)) / \(Self.ms(figure.p99)) | \(Self.count(figure.bytes)) | \(command) |"
        }
    }

    mutating func pipeline(requests: Int, perSecond: Double) {
        pipelineRows.append("| `reminder add` | \(Self.count(requests)) | \(Self.number(perSecond)) |")
    }

    mutating func sessions(_ figures: SessionMemoryBenchmark.Figures) {
        func mib(_ kib: Int) -> String { String(format: "%.1f", Double(kib) / 1024) }
        let perSession = Double(figures.peakKiB - figures.idleKiB) / Double(figures.sessions)
        sessionRows.append(
            "| \(Self.count(figures.sessions)) | \(Self.count(figures.requests)) | \(Self.count(figures.sessions * figures.requests)) | "
                + "\(Self.number(Double(figures.sessions * figures.requests) / figures.seconds)) | \(mib(figures.idleKiB)) | \(mib(figures.peakKiB)) | "
                + "\(String(format: "%.1f", perSession)) | \(mib(figures.afterKiB)) |")
    }

    mutating func startup(_ figures: StartupProbe.Figures) {
        func mib(_ kib: Int) -> String { String(format: "%.1f", Double(kib) / 1024) }
        startupRows.append(
            "| \(Self.count(figures.pending)) | \(Self.count(figures.visits)) | \(Self.ms(figures.readySeconds)) | "
                + "\(mib(figures.readyKiB)) | \(mib(figures.afterKiB)) | \(mib(figures.peakKiB)) |")
    }

    mutating func cli(_ rows: [(String, Double)]) {
        cliRows = rows.map { "| `\($0.0)` | \(Self.ms($0.1)) |" }
    }

    var markdown: String {
        """
        # Benchmarks

        Measured by `vanort-bench` (`swift build -c release --static-swift-stdlib && .build/release/vanort-bench`)\(smoke ? " in smoke mode (tiny sizes; not figures to quote)" : "") on \(Self.machine()).
        Every figure stands next to its baseline from the same run.

        \(notes.joined(separator: "\n"))

        ## 1. Admin socket against the same transaction over libpq
        Clients send the command back to back over their own session and read each reply's
        status (one JSON line); the baseline makes the
        store's own call for it in-process (the same statements over libpq, for `visit add`
        with its audit entry in the same transaction) from as many tasks over as many
        connections. The gap is the daemon's share: session, framing, routing, the reply's
        encoding, the pool's hand-offs. Goal: throughput at least 0.8 × the baseline's; p99 at
        one client within 1 ms of it.

        | command | clients | vanort ops/s | libpq ops/s | ratio | vanort p50 / p99 ms | libpq p50 / p99 ms | p99 gap ms |
        |---|---|---|---|---|---|---|---|
        \(socketRows.joined(separator: "\n"))

        ## 2. Reminder lateness
        Probes are reminders due 20 ms apart, inserted a second ahead among the pending ones;
        vanort's lateness is taken where a `reminder watch` session receives each (due instant
        to arrival, the same clock); the baseline is one libpq connection that sleeps until
        each due instant and runs the scheduler's claim statement (due instant to its return).
        Goal: p99 under 20 ms at 1M pending.

        | pending | vanort p50 / p99 / max ms | libpq p50 / p99 / max ms | probes |
        |---|---|---|---|
        \(latenessRows.joined(separator: "\n"))

        ## 3. Burst
        Reminders due at one instant, delivered to the log channel (info level, to a file);
        reminders per second from the due instant to the last one recorded as sent. The
        baseline claims batches of 500 with the scheduler's statement and records each batch
        (a delivery row each, then sent) over as many libpq connections, without loading or
        writing the reminders. The peer is pgqueuer (PyPI, `deploy/bench/pgqueuer-burst.py`):
        as many jobs queued at once on the same PostgreSQL, drained by one worker in batches of
        500 with a handler that does nothing. First sent: from the due instant to the first
        reminder recorded as sent. Goals: at least 20,000/s with one daemon, first delivery at
        most 20 ms late, at least 3 × pgqueuer's rate.

        | burst | daemons / connections | vanort reminders/s | vanort first sent ms | libpq reminders/s | ratio | pgqueuer jobs/s | ratio |
        |---|---|---|---|---|---|---|---|
        \(burstRows.joined(separator: "\n"))

        ## 4. Time to ready and memory
        vanortd started as systemd would (`NOTIFY_SOCKET`): exec to `READY=1`; resident memory
        at ready, after its work (the lateness probes; sections 1 and 5 for the first row) and
        its peak. The first row, on an empty register, is the baseline the others must stay
        flat against. Goal: at most 1 s and 64 MiB at 1M pending reminders and 1M visits.

        | pending reminders | visits | ready ms | MiB at ready | MiB after work | peak MiB |
        |---|---|---|---|---|---|
        \(startupRows.joined(separator: "\n"))

        ## 5. Command line against psql
        Median wall time of one run (process start to exit). Goal: no slower than psql.

        | command | median ms |
        |---|---|
        \(cliRows.joined(separator: "\n"))

        ## 6. Pipelined requests
        One admin session writes every request at once, then reads every reply (one JSON line
        each); requests answered per second from the first byte written to the last reply.
        Goal: `reminder add` at least 3,000/s on one connection.

        | command | requests | answered/s |
        |---|---|---|
        \(pipelineRows.joined(separator: "\n"))

        ## 7. Web face pages
        A staff member signed in to the web face asks for each page 200 times, one after
        another (Python's requests on loopback, `deploy/bench/web-pages.py`); beside it, the
        command the page runs, over the admin socket, as many times. On the register of
        section 1 (50k visits). No goal is set; the page's cost beyond its command is the
        web face's own (session, templates, HTML).

        | page | p50 / p99 ms | bytes | command | socket p50 / p99 ms |
        |---|---|---|---|---|
        \(pageRows.joined(separator: "\n"))

        ## 8. Memory under pipelining sessions
        Each session writes all its `ping` requests at once and reads the replies as they
        come, every session at the same time, on a daemon of its own; resident memory sampled
        every 20 ms. Goal: flat: the peak grows with the sessions open, not with the
        requests they queue (the bound is in docs/protocol.md, "Pipelining").

        | sessions | requests each | requests | answered/s | MiB idle | peak MiB | KiB per session at peak | MiB after |
        |---|---|---|---|---|---|---|---|
        \(sessionRows.joined(separator: "\n"))
        """
    }

    /// The line in docs/benchmarks.md after which the text is written by hand (causes,
    /// profiles, before and after) and kept when the figures are rewritten.
    static let keptMarker = "<!-- Written by hand below; vanort-bench keeps it. -->"

    /// Writes the figures to `path`, keeping what follows `keptMarker` in the file there.
    func write(to path: String) throws {
        let existing = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        let kept = existing.range(of: Self.keptMarker).map { String(existing[$0.lowerBound...]) } ?? Self.keptMarker + "\n"
        try (markdown + "\n\n" + kept).write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func ms(_ seconds: Double) -> String { String(format: "%.2f", seconds * 1000) }
    static func number(_ value: Double) -> String { String(format: "%.0f", value) }
    static func count(_ value: Int) -> String { value.formatted(.number.grouping(.automatic).locale(Locale(identifier: "en_US"))) }

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
