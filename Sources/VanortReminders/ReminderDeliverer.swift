import VanortDomain

/// Delivers a batch of claimed reminders through every channel. Reminders run side by
/// side (at most `concurrency` at once) and so do the channels of one reminder, so a slow
/// or failing channel holds up neither the others nor the rest of the batch.
public struct ReminderDeliverer: Sendable {
    public let channels: [any ReminderChannel]
    public let concurrency: Int

    public init(channels: [any ReminderChannel], concurrency: Int = 16) {
        self.channels = channels
        self.concurrency = max(1, concurrency)
    }

    /// Whether any channel runs external commands (batches are then kept small).
    public var hasExternalChannels: Bool { channels.contains { $0.isExternal } }

    public func deliver(_ batch: [DueReminder]) async -> [(DueReminder, [DeliveryAttempt])] {
        await withTaskGroup(of: (Int, [DeliveryAttempt]).self) { group in
            var results = [[DeliveryAttempt]](repeating: [], count: batch.count)
            var next = 0
            func startNext() {
                guard next < batch.count else { return }
                let index = next
                let reminder = batch[index]
                next += 1
                group.addTask { (index, await self.deliver(reminder)) }
            }
            for _ in 0..<min(concurrency, batch.count) { startNext() }
            for await (index, attempts) in group {
                results[index] = attempts
                startNext()
            }
            return Array(zip(batch, results))
        }
    }

    private func deliver(_ reminder: DueReminder) async -> [DeliveryAttempt] {
        guard channels.count > 1 else { return await channels.first?.deliver(reminder) ?? [] }
        return await withTaskGroup(of: [DeliveryAttempt].self) { group in
            for channel in channels { group.addTask { await channel.deliver(reminder) } }
            var attempts: [DeliveryAttempt] = []
            for await some in group { attempts += some }
            return attempts
        }
    }
}
