import Foundation
import Testing
import VanortClient
import VanortProtocol
import VanortTestSupport

/// docs/access.md's table of roles and commands, cell by cell, against a real daemon:
/// admin on the Unix socket, staff and an association with tokens over TLS.
@Suite struct AccessMatrixTests {
    /// One row of the documented table.
    struct Row {
        var command: String
        var allowed: [String: Bool]
    }

    static let roles = ["admin", "staff", "association"]

    /// The table in docs/access.md.
    static func documentedTable() throws -> [Row] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../docs/access.md").standardized
        let text = try String(contentsOf: path, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line -> Row? in
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 6, cells[1].hasPrefix("`"), cells[1].hasSuffix("`") else { return nil }
            let command = String(cells[1].dropFirst().dropLast())
            var allowed: [String: Bool] = [:]
            for (index, role) in roles.enumerated() { allowed[role] = cells[2 + index] == "yes" }
            return Row(command: command, allowed: allowed)
        }
    }

    /// The command with the id it takes, if any: one that names no record, so an allowed
    /// command changes nothing the other cells depend on (`404`, not `403`).
    static func request(for command: String) -> String {
        let verb = command.split(separator: " ").last.map(String.init) ?? ""
        let takesID = ["show", "update", "delete", "revoke", "ack", "snooze", "cancel", "deliveries", "disable", "unsubscribe"].contains(verb)
        return command + (takesID ? " 999999" : "")
    }

    @Test func everyCellOfTheDocumentedAccessTableHolds() async throws {
        let table = try Self.documentedTable()
        #expect(table.count > 80)
        try await withRemoteAccess { remote, _ in
            let daemon = remote.daemon
            #expect(try await daemon.ctl(["city", "add", "--name", "Linköping", "--country", "SE", "--timezone", "Europe/Stockholm"]).exitCode == 0)
            #expect(try await daemon.ctl(["association", "add", "--name", "Neighbors Abroad", "--kind", "friendship-association", "--city", "Linköping"]).exitCode == 0)
            let tokens = [
                "staff": try await remote.token(role: "staff"),
                "association": try await remote.token(role: "association", association: "Neighbors Abroad"),
            ]

            /// The status each role gets for each command, one session per role.
            func outcomes(_ role: String) async throws -> [String: Reply] {
                let endpoint = role == "admin" ? Endpoint.unix(path: daemon.socketPath) : remote.endpoint(tokens[role] ?? "")
                var replies: [String: Reply] = [:]
                try await AdminSession.with(endpoint: endpoint) { session in
                    #expect(session.greeting.hasSuffix(role == "admin" ? "role=admin" : "role=none"))
                    for row in table where row.command != "reminder watch" {
                        replies[row.command] = try await session.send(line: Self.request(for: row.command))
                    }
                }
                try await AdminSession.with(endpoint: endpoint) { session in
                    let watch = try await session.send(line: "reminder watch")
                    replies["reminder watch"] = watch
                    if watch.status == .stream { _ = try await session.send(line: "QUIT") }
                }
                return replies
            }

            var deniedCount: [String: Int] = [:]
            for role in Self.roles {
                let replies = try await outcomes(role)
                for row in table {
                    let reply = try #require(replies[row.command])
                    let allowed = row.allowed[role] ?? false
                    #expect(
                        (reply.status == .denied) == !allowed,
                        "\(role) \(row.command): documented \(allowed ? "yes" : "no"), got \(reply.status.rawValue) \(reply.message)")
                    #expect(reply.status != .auth, "\(role) \(row.command): \(reply.message)")
                    if !allowed { deniedCount[role, default: 0] += 1 }
                }
            }

            // The table is complete: the admin's HELP lists exactly its commands.
            let help = try await AdminSession.with(socketPath: daemon.socketPath) { try await $0.send(line: "HELP") }
            let helpCommands = Set((help.table?.rows ?? []).compactMap { row -> String? in
                guard case .string(let name) = row.first, name.lowercased() == name else { return nil }
                return name
            })
            #expect(helpCommands.union(["help"]) == Set(table.map(\.command)))

            // Every denial is in the audit log, with the role that tried.
            let audit = try await daemon.ctl(["--json", "audit", "list", "--limit", "10000"])
            let entries = try #require(try JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [[String: Any]])
            for role in ["staff", "association"] {
                let denied = entries.filter { $0["role"] as? String == role && $0["code"] as? Int == 403 }
                #expect(denied.count == deniedCount[role], "\(role): \(denied.count) audited denials")
            }
        }
    }
}
