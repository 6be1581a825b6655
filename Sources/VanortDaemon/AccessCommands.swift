import VanortDomain
import VanortProtocol
import VanortStore

/// `token create/list/revoke` and `audit list`: administrators only.
struct AccessCommands {
    let tokens: TokenAuthority
    let accessStore: AccessStore
    let audit: AuditStore

    var all: [Command] {
        let tokens = self.tokens
        let accessStore = self.accessStore
        let audit = self.audit
        return [
            Command(["token", "create"], options: ["role", "association", "expires", "note", "timezone"], roles: [.admin],
                    changesData: true, summary: "a remote access token: role=ROLE [association=NAME] [expires=DATE] (shown once)") {
                request, principal in
                let created = try await tokens.create(RegisterCommands.values(request), createdBy: principal.actor)
                let table = Table(created.rows)
                let withToken = Table(columns: table.columns + ["token"], rows: table.rows.map { $0 + [.string(created.token)] })
                return Reply(.created, "token \(created.rows.first.flatMap { try? $0.text("id") } ?? "") created; keep it now, it is not shown again",
                             table: withToken)
            },
            Command(["token", "list"], roles: [.admin], summary: "every token with its role, expiry and state (never secrets)") { _ in
                .rows(Table(try await accessStore.tokens()))
            },
            Command(["token", "revoke"], arguments: 1...1, roles: [.admin], changesData: true, summary: "revoke a token for good") {
                request in
                guard let id = Int(request.words[2]), id > 0 else {
                    throw CommandError("a token is named by its id, a positive whole number, not '\(request.words[2])'")
                }
                return .rows(Table(try await accessStore.revokeToken(id)))
            },
            Command(["audit", "list"], options: ["since", "actor", "limit", "timezone"], roles: [.admin],
                    summary: "audit entries, newest first: [since=DATE|TIME] [actor=uid:N|token:N] [limit=1000]") { request in
                var filters = RegisterCommands.values(request)
                filters["limit"] = nil
                let limit = try request.wholeNumber("limit", in: 1...100_000) ?? 1000
                return .rows(Table(try await audit.list(filters: filters, limit: limit)))
            },
        ]
    }
}
