/// The sizes of the batches one claim loop takes after a wake-up: small first, so the first
/// reminders of a burst are recorded as sent within milliseconds of their due instant
/// rather than after a whole batch's database work, then growing fourfold to the full size,
/// where the per-batch costs are shared out best.
struct BatchRamp: Sendable, Equatable {
    /// The first batch after a wake-up.
    static let first = 16
    /// Each batch's size relative to the one before.
    static let growth = 4

    /// The full size (the scheduler's `batchSize`, or the external channels' concurrency).
    let limit: Int
    private var size: Int

    init(limit: Int) {
        self.limit = max(limit, 1)
        size = min(Self.first, self.limit)
    }

    /// The size of the next batch to claim.
    mutating func next() -> Int {
        defer { size = min(size * Self.growth, limit) }
        return size
    }
}
