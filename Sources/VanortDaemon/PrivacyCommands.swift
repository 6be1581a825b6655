import VanortDomain
import VanortProtocol
import VanortStore

/// `person export` (what is stored about one person) and `person erase` (remove them
/// everywhere), as `docs/privacy.md` describes.
struct PrivacyCommands {
    let store: PrivacyStore
    let mode: Configuration.PrivacyMode

    var all: [Command] {
        let store = self.store
        let mode = self.mode
        return [
            Command(declared: ["person", "export"], roles: Role.office) { request in
                let document = try await store.export(try Self.person(request))
                return .rows(Table(columns: ["document"], rows: [[.string(document)]]))
            },
            Command(declared: ["person", "erase"], roles: [.admin], changes: .ok) { request in
                let person = try Self.person(request)
                guard mode == .request else {
                    return Reply(.conflict, "privacy-mode is municipal: personal data is disposed of by the retention policy (gallring), not on request")
                }
                try await store.erase(person)
                return Reply(.ok, "\(person) erased; an anonymous count is kept")
            },
        ]
    }

    private static func person(_ request: Request) throws -> PrivacyStore.Person {
        let participant = request.option("participant"), contact = request.option("contact")
        guard (participant == nil) != (contact == nil) else { throw CommandError("name one person: participant=ID or contact=ID") }
        guard let text = participant ?? contact, let id = Int(text), id > 0 else {
            throw CommandError("a person is named by an id, a positive whole number, not '\(participant ?? contact ?? "")'")
        }
        return participant != nil ? .participant(id) : .contact(id)
    }
}
