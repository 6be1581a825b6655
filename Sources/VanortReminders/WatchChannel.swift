import VanortDomain

/// Streams reminders to the sessions running `reminder watch`. With nobody watching it
/// has nothing to deliver (and records nothing).
public struct WatchChannel: ReminderChannel {
    let broadcast: ReminderBroadcast

    public init(broadcast: ReminderBroadcast) {
        self.broadcast = broadcast
    }

    public func deliver(_ reminder: DueReminder) async -> [DeliveryAttempt] {
        guard !reminder.doneChannels.contains("watch") else { return [] }
        let watchers = broadcast.publish(reminder)
        guard watchers > 0 else { return [] }
        return [DeliveryAttempt(channel: "watch", key: "watch", recipient: "\(watchers) session(s)", result: .sent)]
    }
}
