import Foundation
import VanortDomain
import VanortProtocol
import VanortStore

/// The commands every session has: `PING`, `HELP`, `STATUS`. (`HELLO` and `QUIT`
/// change the session itself and live in `AdminServer`.)
enum SessionCommands {
    static func ping() -> Command {
        Command(declared: ["ping"], roles: Role.everyone) { _ in
            Reply(.ok, "PONG")
        }
    }

    /// `HELP`: every command with its options and one line about it.
    static func help(listing commands: @escaping @Sendable () -> [Command]) -> Command {
        Command(declared: ["help"], roles: Role.everyone) { _, principal in
            let fixed: [[Value]] = [
                ["HELLO", "format", "choose protocol version 1 and text or json replies"],
                ["QUIT", "", "end the session"],
                ["HELP", "", "list the commands"],
            ]
            let listed: [[Value]] = commands().filter { $0.roles.contains(principal.role) }.map { command in
                [.string(command.name),
                 .string(command.options.sorted().joined(separator: ",")),
                 .string(command.summary)]
            }
            return .rows(Table(columns: ["command", "options", "summary"], rows: fixed + listed))
        }
    }

    /// `STATUS`: one row of flat columns; `vanortctl status --json` nests them as `cli.md` shows.
    static func status(
        store: Store, reminders: ReminderStore, metrics: DaemonMetrics, started: ContinuousClock.Instant,
        connections: @escaping @Sendable () -> Int
    ) -> Command {
        Command(declared: ["status"], roles: Role.office) { _ in
            let database = await store.databaseStatus()
            // Null when the database cannot say (it is down).
            let counts = try? await reminders.counts()
            let uptime = ContinuousClock.now - started
            let latency = database.latencyMilliseconds.map { Value.decimal(String(format: "%.3f", $0)) } ?? .null
            return .rows(Table(record: [
                ("version", .string(ProtocolVersion.software)),
                ("uptime_seconds", .int(Int(uptime.components.seconds))),
                ("database_reachable", .bool(database.reachable)),
                ("database_schema_version", .from(database.schemaVersion)),
                ("database_latency_ms", latency),
                ("reminders_pending", .from(counts?.pending)),
                ("reminders_overdue", .from(counts?.overdue)),
                ("reminders_failed", .from(counts?.failed)),
                ("connections", .int(connections())),
                ("commands_answered", .int(metrics.answeredAndDelivered.answered)),
                ("reminders_delivered", .int(metrics.answeredAndDelivered.delivered)),
            ]))
        }
    }

    /// `METRICS`: Prometheus's text format, one line a row (vanortctl prints them as they are).
    static func metrics(
        _ metrics: DaemonMetrics, store: Store, reminders: ReminderStore, connections: @escaping @Sendable () -> Int
    ) -> Command {
        Command(declared: ["metrics"], roles: Role.office) { _ in
            let database = await store.databaseStatus()
            let counts = try? await reminders.counts()
            let text = metrics.render(connections: connections(), database: database, reminders: counts)
            let lines = text.split(separator: "\n").map { [Value.string(String($0))] }
            return .rows(Table(columns: ["line"], rows: lines))
        }
    }
}
