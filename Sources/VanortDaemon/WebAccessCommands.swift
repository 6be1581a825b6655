import Foundation
import VanortDomain
import VanortProtocol
import VanortReminders
import VanortStore

/// The commands behind the web face's people and feeds: `account invite|list|disable`
/// (administrators) and `calendar subscribe|feeds|unsubscribe` (the office). An invitation
/// is mailed with its one-time link through `sendmail-command` and shown in the reply too,
/// so an administrator without mail can hand it over; a feed's address is shown once.
struct WebAccessCommands {
    let store: WebAccessStore
    /// Where people reach the web face; nil when it is off.
    let webAddress: String?
    /// Sends invitation mail; nil when no `sendmail-command` is set.
    let mailer: InvitationMailer?

    var all: [Command] {
        let store = self.store
        let webAddress = self.webAddress
        let mailer = self.mailer
        return [
            Command(declared: ["account", "invite"], roles: [.admin], changes: .created) { request, principal in
                guard let webAddress else { throw Self.webFaceOff }
                let secret = TokenAuthority.newSecret()
                let invitation = try await store.invite(RegisterCommands.values(request), secretHash: TokenAuthority.hash(secret), createdBy: principal.actor)
                let link = "\(webAddress)/invite/\(invitation.invitationID).\(secret)"
                var message = "invitation for \(invitation.email) created; the link is valid \(WebAccessStore.invitationDays) days"
                if let mailer {
                    if let failure = await mailer.send(invitation, link: link) {
                        message += "; the mail could not be sent (\(failure)): give the person the link yourself"
                    } else {
                        message += " and was mailed to \(invitation.email)"
                    }
                } else {
                    message += "; no sendmail-command is set: give the person the link yourself"
                }
                let table = Table(
                    columns: ["account", "email", "role", "association", "link"],
                    rows: [[.int(invitation.accountID), .string(invitation.email), .string(invitation.role.rawValue),
                            invitation.association.map(Value.string) ?? .null, .string(link)]])
                return Reply(.created, message, table: table)
            },
            Command(declared: ["account", "list"], roles: [.admin]) { _ in
                .rows(Table(try await store.accounts()))
            },
            Command(declared: ["account", "disable"], roles: [.admin], changes: .rows) { request in
                .rows(Table(try await store.disable(try request.recordID(of: "an account"))))
            },
            Command(declared: ["calendar", "subscribe"], roles: Role.office, changes: .created) { request, principal in
                guard let webAddress else { throw Self.webFaceOff }
                let secret = TokenAuthority.newSecret()
                let rows = try await store.subscribe(RegisterCommands.values(request), secretHash: TokenAuthority.hash(secret), createdBy: principal.actor)
                let id = rows.firstText("id") ?? ""
                let address = "\(webAddress)/calendar/\(id).\(secret).ics"
                let table = Table(rows)
                return Reply(
                    .created, "calendar feed \(id) created; its address is shown once: subscribe to it in a calendar program",
                    table: Table(columns: table.columns + ["address"], rows: table.rows.map { $0 + [.string(address)] }))
            },
            Command(declared: ["calendar", "feeds"], roles: Role.office) { _ in
                .rows(Table(try await store.feeds()))
            },
            Command(declared: ["calendar", "unsubscribe"], roles: Role.office, changes: .rows) { request in
                .rows(Table(try await store.unsubscribe(try request.recordID(of: "a calendar feed"))))
            },
        ]
    }

    /// Refused while the web face is off: there would be no address to follow.
    static let webFaceOff = StoreError.wrongState(noun: "web face", id: 0, state: "off", action: "used until http-listen is set")
}

/// Mails an invitation's link, in Swedish and English (the invitee's language is not known
/// yet), through the configured sendmail command.
struct InvitationMailer: Sendable {
    let command: ExternalCommand
    let from: MailAddress
    let clock: WallClock
    let hostname: String

    /// nil when the command took the mail; else what went wrong.
    func send(_ invitation: WebAccessStore.Invitation, link: String) async -> String? {
        let values = ["days": String(WebAccessStore.invitationDays), "association": invitation.association ?? ""]
        let body = [Language.sv, .en].map { language in
            [
                Catalogue.text("invite.hello", language),
                Catalogue.text(invitation.association == nil ? "invite.office" : "invite.association", language, values), "",
                Catalogue.text("invite.follow", language), link, "",
                Catalogue.text("invite.valid", language, values), Catalogue.text("invite.not-you", language),
            ].joined(separator: "\n")
        }.joined(separator: "\n\n---\n\n")
        let subject = [Language.sv, .en].map { Catalogue.text("invite.subject", $0) }.joined(separator: " / ")
        let message = MailMessage(
            from: from, to: ReminderRecipient(contactID: 0, name: invitation.email, email: invitation.email, language: .sv),
            subject: subject, body: body, date: clock.now(), messageID: "invitation-\(invitation.invitationID)@\(hostname)", reminderID: nil)
        let outcome = await command.run(input: Data(message.rendered.utf8))
        return outcome.succeeded ? nil : outcome.failure
    }
}
