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
            Command(declared: ["token", "create"], roles: [.admin], changes: .created) {
                request, principal in
                let created = try await tokens.create(RegisterCommands.values(request), createdBy: principal.actor)
                let table = Table(created.rows)
                let withToken = Table(columns: table.columns + ["token"], rows: table.rows.map { $0 + [.string(created.token)] })
                return Reply(.created, "token \(created.rows.firstText("id") ?? "") created; keep it now, it is not shown again",
                             table: withToken)
            },
            Command(declared: ["token", "list"], roles: [.admin]) { _ in
                .rows(Table(try await accessStore.tokens()))
            },
            Command(declared: ["token", "revoke"], roles: [.admin], changes: .rows) {
                request in
                .rows(Table(try await accessStore.revokeToken(try request.recordID(of: "a token"))))
            },
            Command(declared: ["audit", "list"], roles: [.admin]) { request in
                var filters = RegisterCommands.values(request)
                filters["limit"] = nil
                let limit = try request.wholeNumber("limit", in: 1...100_000) ?? 1000
                return .rows(Table(try await audit.list(filters: filters, limit: limit)))
            },
        ]
    }
}
