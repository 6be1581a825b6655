import Foundation
import Testing
import VanortTestSupport

/// `vanortctl metrics`: Prometheus text that counts what the daemon did.
@Suite struct MetricsTests {
    /// `name{labels}` → value, from the text format; fails on a line that is not a sample or a comment.
    static func samples(_ text: String) -> [String: Double] {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            #expect(parts.count == 2 && line.range(of: #"^vanort_[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? \S+$"#, options: .regularExpression) != nil,
                    "not a sample: \(line)")
            if parts.count == 2, let value = Double(parts[1]) { samples[String(parts[0])] = value }
        }
        return samples
    }

    @Test func metricsCountCommandsDeliveriesAndTheDatabase() async throws {
        try await withDaemon { daemon, _ in
            #expect(try await daemon.ctl(["ping"]).exitCode == 0)
            #expect(try await daemon.ctl(["city", "add", "--name", "Nowhere"]).exitCode == 1)
            let due = Date().addingTimeInterval(1)
            let formatter = ISO8601DateFormatter()
            #expect(try await daemon.ctl(["reminder", "add", "--at", formatter.string(from: due), "--note", "metrics"]).exitCode == 0)
            var text = ""
            try await eventually("the reminder to be counted as delivered", poll: .milliseconds(200)) {
                let result = try await daemon.ctl(["metrics"])
                #expect(result.exitCode == 0, "\(result.stderr)")
                text = result.stdout
                return (Self.samples(text)["vanort_reminders_delivered_total"] ?? 0) >= 1
            }
            let samples = Self.samples(text)
            #expect(samples["vanort_reminders_delivered_total"] == 1)
            #expect(samples[#"vanort_commands_total{code="200"}"#].map { $0 >= 1 } == true, "\(text)")
            #expect(samples[#"vanort_commands_total{code="422"}"#] == 1)
            #expect(samples[#"vanort_commands_total{code="201"}"#] == 1)
            #expect(samples["vanort_reminder_delivery_lateness_seconds_count"] == 1)
            #expect(samples["vanort_database_up"] == 1)
            #expect(samples["vanort_connections"] == 1)
            #expect(samples["vanort_reminders_pending"] == 0)
            #expect(samples["vanort_reminders_failed"] == 0)
            #expect(text.contains("# TYPE vanort_commands_total counter"))
            // status shows the totals at a glance, after the contract's columns.
            let status = try await daemon.ctl(["status"])
            let header = status.stdout.split(separator: "\n").first ?? ""
            #expect(header.hasSuffix("connections\tcommands_answered\treminders_delivered"))
            #expect(status.stdout.split(separator: "\n").last?.hasSuffix("\t1") == true, "\(status.stdout)")
        }
    }
}
