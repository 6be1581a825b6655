import Foundation

/// A reminder claimed for delivery: what it says, to whom, and how it went before.
public struct DueReminder: Sendable, Equatable {
    public var id: Int
    public var dueAt: Date
    /// This attempt's number, from 1.
    public var attempt: Int
    /// Seconds between when this attempt was due and when it was claimed.
    public var lateSeconds: Double
    /// A daemon that claimed it earlier died mid-delivery, so some receivers may have it.
    public var redelivery: Bool
    /// The rule's name; nil for an ad-hoc reminder.
    public var rule: String?
    public var notice: ReminderNotice
    public var recipients: [ReminderRecipient]
    /// Channel keys that already delivered it (on an earlier attempt).
    public var doneChannels: Set<String>

    public init(
        id: Int, dueAt: Date, attempt: Int, lateSeconds: Double, redelivery: Bool, rule: String?, notice: ReminderNotice,
        recipients: [ReminderRecipient], doneChannels: Set<String>
    ) {
        self.id = id
        self.dueAt = dueAt
        self.attempt = attempt
        self.lateSeconds = lateSeconds
        self.redelivery = redelivery
        self.rule = rule
        self.notice = notice
        self.recipients = recipients
        self.doneChannels = doneChannels
    }
}

/// A contact who receives a reminder.
public struct ReminderRecipient: Sendable, Equatable {
    public var contactID: Int
    public var name: String
    public var email: String?
    public var language: Language

    public init(contactID: Int, name: String, email: String?, language: Language) {
        self.contactID = contactID
        self.name = name
        self.email = email
        self.language = language
    }
}

/// One channel's try at delivering one reminder (to one recipient, for e-mail).
public struct DeliveryAttempt: Sendable, Equatable {
    public enum Result: String, Sendable {
        /// Delivered.
        case sent
        /// Failed for a reason that may pass; retried.
        case failed
        /// Cannot be delivered this way (no e-mail address); recorded, not retried.
        case skipped
    }

    /// `log`, `watch`, `notify` or `email`.
    public var channel: String
    /// What makes it unique within the reminder: `email:12` for contact 12.
    public var key: String
    public var recipient: String?
    public var contactID: Int?
    public var result: Result
    public var error: String?

    public init(channel: String, key: String, recipient: String? = nil, contactID: Int? = nil, result: Result, error: String? = nil) {
        self.channel = channel
        self.key = key
        self.recipient = recipient
        self.contactID = contactID
        self.result = result
        self.error = error
    }
}
