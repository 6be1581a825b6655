import Logging
import VanortDomain
import VanortPostgres
import VanortProtocol
import VanortStore

/// Writes the audit log's entries: what changed data and what was denied, by whom, with
/// personal and secret values replaced by `***`. A failed write is logged, never fatal.
public struct AuditTrail: Sendable {
    let store: AuditStore
    let logger: Logger

    public init(store: AuditStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Keys whose values the audit log never repeats: personal details. (`AUTH` tokens
    /// never reach the router; the session records them as `AUTH ***`.)
    static let redactedKeys: Set<String> = [
        "birth-date", "special-needs", "emergency-contact", "guardian-phone", "guardian-email", "phone", "email",
    ]

    /// The request as the audit log keeps it: sensitive values redacted, import bodies counted.
    static func redacted(_ request: Request) -> String {
        var shown = request
        shown.options = request.options.map { (key: $0.key, value: redactedKeys.contains($0.key) ? "***" : $0.value) }
        shown.body = []
        return shown.line + (request.body.isEmpty ? "" : " (\(request.body.count) record lines)")
    }

    /// The entry a change by `actor` will have if it commits with `status`: to be written in
    /// the change's own transaction (`CommitNote`), so the two commit together or not at all.
    func note(actor: String, role: Role, command: String, succeeding status: Status) -> CommitNote {
        CommitNote(AuditStore.insertion(AuditStore.Entry(
            actor: actor, role: role.rawValue, command: command, code: status.rawValue, status: status.keyword)))
    }

    /// Records one request's outcome for `actor` on its own; `role` nil means none was granted.
    func record(actor: String, role: Role?, command: String, reply: Reply) async {
        let entry = AuditStore.Entry(
            actor: actor, role: role?.rawValue ?? "none", command: command, code: reply.status.rawValue,
            status: reply.status.keyword)
        do {
            try await store.record(entry)
        } catch {
            logger.error(
                "audit entry not written",
                metadata: ["actor": "\(actor)", "command": "\(command)", "code": "\(entry.code)", "error": "\(error)"])
        }
    }
}
