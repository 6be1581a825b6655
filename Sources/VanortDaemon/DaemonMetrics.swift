import Prometheus
import Synchronization
import VanortDomain
import VanortProtocol
import VanortStore

/// The daemon's numbers in Prometheus's text format (swift-prometheus), for `metrics`:
/// this process's sessions, commands by outcome, deliveries and their lateness, database
/// errors; and at each scrape the database's probe latency and reminder counts.
public final class DaemonMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let connections: Gauge
    private let databaseUp: Gauge
    private let databaseLatency: DurationHistogram
    private let databaseErrors: Counter
    private let delivered: Counter
    private let deliveryFailures: Counter
    private let lateness: DurationHistogram
    private let pending: Gauge
    private let overdue: Gauge
    private let failed: Gauge
    /// Totals `status` shows at a glance (the counters above do not read back).
    private let totals = Mutex((answered: 0, delivered: 0))
    /// `commands_total` by status code, made once per code: the registry's lookup on every
    /// reply was 3 % of a pipelined `reminder add` (perf, stop 27).
    private let commandCounters = Mutex<[Int: Counter]>([:])

    /// Commands answered and reminders delivered since this daemon started.
    var answeredAndDelivered: (answered: Int, delivered: Int) { totals.withLock { $0 } }

    public init() {
        connections = registry.makeGauge(descriptor: Self.name("connections", "", "Admin sessions open now."))
        databaseUp = registry.makeGauge(descriptor: Self.name("database_up", "", "1 when the last probe reached PostgreSQL."))
        databaseLatency = registry.makeDurationHistogram(
            descriptor: Self.name("database_probe", "seconds", "Round trip of the database probe made at each scrape."),
            buckets: [.milliseconds(1), .milliseconds(5), .milliseconds(25), .milliseconds(100), .seconds(1)])
        databaseErrors = registry.makeCounter(descriptor: Self.name("database_errors", "total", "Commands that failed in the database (unreachable or an internal error)."))
        delivered = registry.makeCounter(descriptor: Self.name("reminders_delivered", "total", "Reminders this daemon delivered."))
        deliveryFailures = registry.makeCounter(descriptor: Self.name("reminder_delivery_failures", "total", "Delivery attempts of this daemon that failed on some channel."))
        lateness = registry.makeDurationHistogram(
            descriptor: Self.name("reminder_delivery_lateness", "seconds", "From a reminder's due time to the start of its delivery."),
            buckets: [.milliseconds(5), .milliseconds(20), .milliseconds(100), .seconds(1), .seconds(10), .seconds(60), .seconds(3600)])
        pending = registry.makeGauge(descriptor: Self.name("reminders_pending", "", "Reminders waiting for their time (all daemons)."))
        overdue = registry.makeGauge(descriptor: Self.name("reminders_overdue", "", "Pending reminders past their due time (all daemons)."))
        failed = registry.makeGauge(descriptor: Self.name("reminders_failed", "", "Reminders that ran out of attempts (all daemons)."))
    }

    /// A metric's name under the `vanort` namespace, with its unit suffix and help.
    private static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "vanort", metricName: metric, unitName: unit, helpText: help)
    }

    /// Counts one command's outcome by status code.
    func commandFinished(_ reply: Reply) {
        let code = reply.status.rawValue
        let counter = commandCounters.withLock { counters in
            if let known = counters[code] { return known }
            let made = registry.makeCounter(
                descriptor: Self.name("commands", "total", "Commands answered, by status code."), labels: [("code", String(code))])
            counters[code] = made
            return made
        }
        counter.increment()
        totals.withLock { $0.answered += 1 }
        if reply.status == .databaseDown || reply.status == .internal { databaseErrors.increment() }
    }

    /// Records one reminder's delivery: how late it started, and whether a channel failed.
    public func reminderDelivered(lateSeconds: Double, failed: Bool) {
        if failed {
            deliveryFailures.increment()
        } else {
            delivered.increment()
            totals.withLock { $0.delivered += 1 }
        }
        lateness.record(.nanoseconds(Int64(max(0, lateSeconds) * 1e9)))
    }

    /// The text format, after refreshing what is read at scrape time.
    func render(connections open: Int, database: DatabaseStatus, reminders: (pending: Int, overdue: Int, failed: Int)?) -> String {
        connections.set(to: Double(open))
        databaseUp.set(to: database.reachable ? 1 : 0)
        if let milliseconds = database.latencyMilliseconds { databaseLatency.record(.nanoseconds(Int64(milliseconds * 1e6))) }
        if let reminders {
            pending.set(to: Double(reminders.pending))
            overdue.set(to: Double(reminders.overdue))
            failed.set(to: Double(reminders.failed))
        }
        return registry.emitToString()
    }
}
