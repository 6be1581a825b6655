import Foundation
import Logging
import VanortDomain
import VanortProtocol

/// Writes each reminder to the daemon's log: the channel that always works.
public struct LogChannel: ReminderChannel {
    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public func deliver(_ reminder: DueReminder) async -> [DeliveryAttempt] {
        guard !reminder.doneChannels.contains("log") else { return [] }
        let language = reminder.recipients.first?.language ?? .sv
        var metadata: Logger.Metadata = [
            "reminder": "\(reminder.id)", "due_at": "\(LocalTime.string(reminder.dueAt, in: .gmt))",
            "subject": "\(reminder.notice.subject(in: language))",
            "recipients": "\(reminder.recipients.map(\.name).joined(separator: ", "))",
            "attempt": "\(reminder.attempt)",
        ]
        if let about = reminder.notice.about { metadata["about"] = "\(about)" }
        if reminder.lateSeconds >= 1 { metadata["late_seconds"] = "\(Int(reminder.lateSeconds))" }
        if reminder.redelivery { metadata["redelivery"] = "true" }
        logger.info(reminder.lateSeconds >= 1 ? "reminder (late)" : "reminder", metadata: metadata)
        return [DeliveryAttempt(channel: "log", key: "log", result: .sent)]
    }
}
