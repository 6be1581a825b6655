import VanortDomain

/// Delivers a batch of claimed reminders through every channel. With an external channel
/// (a command, e-mail) reminders run side by side (at most `concurrency` at once) and so do
/// the channels of one reminder, so a slow or failing channel holds up neither the others
/// nor the rest of the batch. In-process channels (log, watch) never wait, so they run one
/// after the other in the caller's task: three child tasks per reminder cost more than the
/// delivery itself (docs/benchmarks.md, section 3).
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
        guard hasExternalChannels else {
            var outcomes: [(DueReminder, [DeliveryAttempt])] = []
            outcomes.reserveCapacity(batch.count)
            for reminder in batch {
                var attempts: [DeliveryAttempt] = []
                for channel in channels { attempts += await channel.deliver(reminder) }
                outcomes.append((reminder, attempts))
            }
            return outcomes
        }
        return await withTaskGroup(of: (Int, [DeliveryAttempt]).self) { group in
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
