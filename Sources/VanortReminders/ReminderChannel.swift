import VanortDomain

/// One way a reminder reaches people: the log, `reminder watch` sessions, a hook
/// command, e-mail.
public protocol ReminderChannel: Sendable {
    /// Delivers what this channel still owes the reminder (keys not in `doneChannels`)
    /// and reports one attempt per key it tried. Never throws: a failure is an attempt.
    func deliver(_ reminder: DueReminder) async -> [DeliveryAttempt]
    /// Whether it runs outside commands that may be slow (so batches stay small).
    var isExternal: Bool { get }
}

extension ReminderChannel {
    public var isExternal: Bool { false }
}
