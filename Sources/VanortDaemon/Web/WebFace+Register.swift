import Foundation
import HTTPTypes
import Hummingbird
import VanortDomain
import VanortProtocol
import VanortStore

/// The register's pages, one set for every declared noun: a list (`/register/visit`), a
/// form to add (`/register/visit/new`) and one to change a record (`/register/visit/12`).
/// Their columns and fields come from the noun's declaration, what they show and accept
/// from the command router as the signed-in person's principal: a record outside their
/// scope is 404, a noun their role may not use 403, exactly as on the socket.
extension WebFace {
    func agenda(_ request: Request, _ context: WebContext) async throws -> Response {
        guard let (session, principal) = try await signedIn(request) else { return Self.redirect("/") }
        let language = Self.language(request)
        let days = 60
        let reply = await router.route(Self.command(["agenda"], ["days": String(days)], language), as: principal)
        return tablePage(request, session, reply, title: Catalogue.text("web.agenda", language), current: "/agenda",
                         empty: Catalogue.text("web.agenda.none", language, ["days": String(days)]))
    }

    func list(_ request: Request, noun: String) async throws -> Response {
        guard let (session, principal) = try await signedIn(request) else { return Self.redirect("/") }
        guard Self.descriptor(noun) != nil else { return notFound(request, session) }
        let language = Self.language(request)
        // The newest so many, and a search for the rest: a register of years holds tens of thousands.
        let query = request.uri.queryParameters["q"].map(String.init)?.trimmingCharacters(in: .whitespaces) ?? ""
        var options = ["limit": String(Self.listLimit)]
        if !query.isEmpty { options["search"] = query }
        var reply = await router.route(Self.command([noun, "list"], options, language), as: principal)
        reply.table = reply.table.map { Self.brief($0, noun) }
        let nounText = Catalogue.text("noun.\(noun)", language)
        let notice = request.uri.queryParameters["saved"].map { WebPages.capitalized(Catalogue.text("web.saved", language, ["noun": nounText, "id": String($0)])) }
        let title = WebPages.capitalized(Catalogue.text("nouns.\(noun)", language))
        var extra: [String: Any] = [
            "searchAction": "/register/\(noun)", "searchLabel": Catalogue.text("web.search", language), "query": query,
        ]
        if reply.table?.rows.count == Self.listLimit {
            extra["limited"] = Catalogue.text("web.limited", language, ["limit": String(Self.listLimit)])
        }
        return tablePage(
            request, session, reply, title: title, current: "/register/\(noun)", empty: Catalogue.text("web.none", language),
            newLink: ("/register/\(noun)/new", Catalogue.text("web.new", language, ["noun": nounText])), notice: notice,
            // A city opens its partnership's page; any other record its form.
            links: ("id", noun == "city" ? "/city/" : "/register/\(noun)/"), extra: extra)
    }

    /// The form to add a record (`id` nil) or to change record `id`, filled in as it is.
    func recordForm(_ request: Request, noun: String, id: Int?) async throws -> Response {
        guard let (session, principal) = try await signedIn(request) else { return Self.redirect("/") }
        guard Self.descriptor(noun) != nil else { return notFound(request, session) }
        var values: [String: String] = [:]
        if let id {
            let shown = await router.route(Self.command([noun, "show", String(id)], [:], Self.language(request)), as: principal)
            guard let table = shown.table, let row = table.rows.first else {
                return message(request, session: session, title: shown.message, shown.message, link: nil, status: Self.httpStatus(shown.status))
            }
            for (column, value) in zip(table.columns, row) { values[column.replacingOccurrences(of: "_", with: "-")] = value.text ?? "" }
        }
        return try await formPage(request, session, principal, noun: noun, id: id, values: values, errors: [], status: .ok)
    }

    /// Adds or changes a record through the router; a refusal shows the form again, each
    /// rule beside its field and nothing lost of what was typed.
    func save(_ request: Request, noun: String, id: Int?) async throws -> Response {
        var request = request
        let form = try await Self.form(&request)
        guard let (session, principal) = try await signedIn(request) else { return Self.redirect("/") }
        guard Self.descriptor(noun) != nil else { return notFound(request, session) }
        guard Self.formTokenMatches(form, session.formToken) else { return expired(request) }
        let keys = Self.keys(noun, principal)
        var options = form.filter { keys.contains($0.key) }
        let words: [String]
        if let id {
            words = [noun, "update", String(id)]
            // Changing a record sends every field (an emptied one is cleared), and the version read.
            if let version = form["version"], !version.isEmpty { options["if-version"] = version }
        } else {
            words = [noun, "add"]
            options = options.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }
        }
        let reply = await router.route(Self.command(words, options, Self.language(request)), as: principal)
        switch reply.status {
        case .created, .rows:
            let saved = id.map(String.init) ?? reply.table?.rows.first?.first?.text ?? ""
            return Self.redirect("/register/\(noun)?saved=\(saved)")
        case .invalid:
            let errors = reply.fieldErrors.isEmpty ? [(field: reply.field ?? "", rule: reply.message)] : reply.fieldErrors
            return try await formPage(request, session, principal, noun: noun, id: id, values: form, errors: errors, status: .unprocessableContent)
        default:
            return message(request, session: session, title: reply.message, reply.message, link: ("/register/\(noun)", Catalogue.text("web.back", Self.language(request))),
                           status: Self.httpStatus(reply.status))
        }
    }

    private func formPage(
        _ request: Request, _ session: WebAccessStore.Session, _ principal: Principal, noun: String, id: Int?, values: [String: String],
        errors: [(field: String, rule: String)], status: HTTPResponse.Status
    ) async throws -> Response {
        guard let descriptor = Self.descriptor(noun) else { return notFound(request, session) }
        let language = Self.language(request)
        let keys = Self.keys(noun, principal)
        // References offer the names of the records the person may name.
        var suggestions: [String: [String]] = [:]
        for field in descriptor.fields where keys.contains(field.key) {
            guard let target = field.referencedNoun ?? field.listedNoun, let named = Self.descriptor(target)?.nameKey else { continue }
            let listed = await router.route(Self.command([target, "list"], [:], language), as: principal)
            guard let table = listed.table, let column = table.columns.firstIndex(of: named.replacingOccurrences(of: "-", with: "_")) else { continue }
            suggestions[field.key] = table.rows.compactMap { $0[column].text }
        }
        var form = WebPages.form(descriptor, keys: keys, values: values, errors: errors, suggestions: suggestions, language: language)
        let nounText = Catalogue.text("noun.\(noun)", language)
        form["action"] = "/register/\(noun)" + (id.map { "/\($0)" } ?? "")
        form["formToken"] = session.formToken
        form["version"] = values["version"] ?? ""
        form["submit"] = Catalogue.text("web.save", language)
        form["cancel"] = Catalogue.text("web.cancel", language)
        form["cancelHref"] = "/register/\(noun)"
        let title = id.map { Catalogue.text("web.change", language, ["noun": nounText, "id": String($0)]) }
            ?? Catalogue.text("web.new", language, ["noun": nounText])
        return Self.response(status, pages.page(WebPages.capitalized(title), "form", form, chrome: chrome(request, session, current: "/register/\(noun)")))
    }

    /// The fields a person fills in: all the declaration's, but for an association's member
    /// its own association (its scope implies it) and what is for the office's eyes only.
    static func keys(_ noun: String, _ principal: Principal) -> [String] {
        (descriptor(noun)?.fields ?? []).filter { principal.role != .association || ($0.referencedNoun != "association" && !$0.isSensitive) }.map(\.key)
    }

    /// How many records a list page shows at most (the newest).
    static let listLimit = 200

    static func descriptor(_ noun: String) -> NounDescriptor? {
        NounDescriptor.declared.first { $0.noun == noun }
    }

    func notFound(_ request: Request, _ session: WebAccessStore.Session) -> Response {
        let language = Self.language(request)
        return message(request, session: session, title: Catalogue.text("web.not-found", language), Catalogue.text("web.not-found", language),
                       link: ("/agenda", Catalogue.text("web.back", language)), status: .notFound)
    }
}
