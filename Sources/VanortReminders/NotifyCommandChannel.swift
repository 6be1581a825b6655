import Foundation
import VanortDomain

/// `--notify-command`: runs the command once per reminder with the reminder as one JSON
/// object on stdin (see `ReminderPayload`); a non-zero exit is a failed attempt.
public struct NotifyCommandChannel: ReminderChannel {
    let command: ExternalCommand

    public init(command: ExternalCommand) {
        self.command = command
    }

    public var isExternal: Bool { true }

    public func deliver(_ reminder: DueReminder) async -> [DeliveryAttempt] {
        guard !reminder.doneChannels.contains("notify") else { return [] }
        let outcome = await command.run(input: Data((ReminderPayload.json(reminder) + "\n").utf8))
        return [DeliveryAttempt(
            channel: "notify", key: "notify", result: outcome.succeeded ? .sent : .failed,
            error: outcome.succeeded ? nil : outcome.failure)]
    }
}
