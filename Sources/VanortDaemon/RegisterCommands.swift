import VanortDomain
import VanortProtocol
import VanortStore

/// `add`, `show`, `list`, `update`, `delete` for every noun of the register, `upcoming`
/// and `agenda`.
struct RegisterCommands {
    let store: RegisterStore
    let agenda: AgendaStore

    var all: [Command] {
        RegisterCatalog.nouns.flatMap { spec -> [Command] in
            guard let noun = Noun(rawValue: spec.noun) else { return [] }
            return commands(for: noun, spec: spec)
        } + [upcoming, agendaCommand]
    }

    private func commands(for noun: Noun, spec: RegisterCatalog.NounSpec) -> [Command] {
        let store = self.store
        func options(_ verb: String) -> Set<String> { RegisterCatalog.options(verb: verb, of: spec) ?? [] }
        let fields = Set(spec.fields.map(\.key))
        let permission = RegisterStore.associationPermission(for: noun)
        let readers = permission == .none ? Role.office : Role.everyone
        let writers = permission == .write ? Role.everyone : Role.office
        let updaters = permission == .write || permission == .update ? Role.everyone : Role.office
        return [
            Command([noun.rawValue, "add"], options: options("add"), roles: writers, changes: .created, sharesCommit: true,
                    summary: "add a new \(noun.rawValue)") {
                request, principal in
                var values = Self.values(request)
                let allowDuplicate = try values.removeValue(forKey: "allow-duplicate").map { try Self.flag("allow-duplicate", $0) } ?? false
                let rows = try await store.add(noun, values, allowDuplicate: allowDuplicate, scope: RecordScope(principal))
                let id = rows.firstText("id") ?? ""
                return Reply(.created, Catalogue.text("say.added", request.language, ["noun": Self.noun(noun, request), "id": id]), table: Table(rows))
            },
            Command([noun.rawValue, "show"], arguments: 1...1, roles: readers, summary: "show one \(noun.rawValue) by id or name") {
                request, principal in
                .rows(Table(try await store.show(noun, request.words[2], scope: RecordScope(principal))))
            },
            Command([noun.rawValue, "list"], options: options("list"), roles: readers, summary: "list \(spec.summary)") { request, principal in
                var filters = Self.values(request)
                filters["limit"] = nil
                let limit = try request.wholeNumber("limit", in: 1...100_000)
                return .rows(Table(try await store.list(noun, filters: filters, limit: limit, scope: RecordScope(principal))))
            },
            Command([noun.rawValue, "update"], options: options("update"), arguments: 1...1, roles: updaters,
                    changes: .rows, sharesCommit: true, summary: "change fields of a \(noun.rawValue)") { request, principal in
                var changes = Self.values(request)
                let ifVersion = try changes.removeValue(forKey: "if-version").map { text -> Int in
                    guard let version = Int(text), version > 0 else { throw CommandError("if-version must be a positive whole number") }
                    return version
                }
                guard !changes.isEmpty else { throw CommandError("\(noun.rawValue) update needs at least one field to change") }
                return .rows(Table(try await store.update(
                    noun, request.words[2], changes: changes, ifVersion: ifVersion, scope: RecordScope(principal))))
            },
            Command([noun.rawValue, "delete"], arguments: 1...1, roles: Role.office, changes: .ok, sharesCommit: true,
                    summary: "delete a \(noun.rawValue)") {
                request, principal in
                let id = try await store.delete(noun, request.words[2], scope: RecordScope(principal))
                return Reply(.ok, Catalogue.text("say.deleted", request.language, ["noun": Self.noun(noun, request), "id": String(id)]))
            },
        ] + spec.verbs.compactMap { verb in
            handler(noun, verb.words).map { handler in
                Command([noun.rawValue] + verb.words, options: Set(verb.options.map(\.key)), roles: Role.office, changes: .rows,
                        summary: verb.summary, handler: handler)
            }
        } + [
            Command(["import", noun.rawValue], options: options("import"), roles: writers, changes: .created,
                    summary: "add many \(noun.rawValue) records, all or none: 'import \(noun.rawValue) rows=N' then N lines of key=value") {
                request, principal in
                guard !request.body.isEmpty else { throw CommandError("import \(noun.rawValue) needs rows=N followed by N record lines") }
                let allowed = fields.union(["line"])
                let records = try request.body.enumerated().map { index, options -> [String: String] in
                    if let unknown = options.first(where: { !allowed.contains($0.key) }) {
                        throw CommandError("record \(index + 1): \(noun.rawValue) has no field '\(unknown.key)'")
                    }
                    return Dictionary(options.map { ($0.key, $0.value) }) { $1 }
                }
                let updateExisting = try request.option("update-existing").map { try Self.flag("update-existing", $0) } ?? false
                let done = try await store.importRecords(noun, records, updateExisting: updateExisting, scope: RecordScope(principal))
                let said = Catalogue.text(done.updated > 0 ? "say.imported-updated" : "say.imported", request.language, [
                    "count": String(done.added + done.updated), "noun": Self.noun(noun, request), "added": String(done.added),
                    "updated": String(done.updated),
                ])
                return Reply(.created, said)
            },
        ]
    }

    private var upcoming: Command {
        let store = self.store
        return Command(declared: ["upcoming"], roles: Role.everyone) { request, principal in
            let days = try request.wholeNumber("days", in: 0...3650) ?? 30
            return .rows(Table(try await store.upcoming(days: days, scope: RecordScope(principal))))
        }
    }

    /// A yes/no option (`true`/`false`, `yes`/`no`), or a `422` naming it.
    static func flag(_ key: String, _ value: String) throws -> Bool {
        try FieldInput([key: value]).optionalBool(key) ?? true
    }

    /// What a noun's own verbs (`RegisterCatalog.NounSpec.verbs`) do; a verb without one is
    /// not offered (and `everyCatalogVerbIsADaemonCommand` fails).
    private func handler(_ noun: Noun, _ words: [String]) -> (@Sendable (Request, Principal) async throws -> Reply)? {
        let store = self.store
        if noun == .agreement, words == ["amend"] {
            return { request, _ in .rows(Table(try await store.amendAgreement(fields: Self.values(request)))) }
        }
        guard noun == .network, words.count == 2, words[0] == "member", let change = RegisterStore.MemberChange(rawValue: words[1]) else {
            return nil
        }
        return { request, _ in .rows(Table(try await store.changeMember(change, fields: Self.values(request)))) }
    }

    private var agendaCommand: Command {
        let agenda = self.agenda
        return Command(declared: ["agenda"], roles: Role.everyone) { request, principal in
            let days = try request.wholeNumber("days", in: 0...3650) ?? 30
            return .rows(Table(try await agenda.agenda(
                days: days, city: request.option("city"), association: request.option("association"), scope: RecordScope(principal))))
        }
    }

    /// A noun as the request's language names it (`besök`; English keeps the key).
    static func noun(_ noun: Noun, _ request: Request) -> String {
        request.language == .en ? noun.rawValue : Catalogue.text("noun.\(noun.rawValue)", request.language)
    }

    /// The request's options as field values (without the reply format).
    static func values(_ request: Request) -> [String: String] {
        Dictionary(request.options.filter { !CommandRouter.sessionOptions.contains($0.key) }.map { ($0.key, $0.value) }) { $1 }
    }
}
