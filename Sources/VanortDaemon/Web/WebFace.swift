import Dispatch
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import Logging
import NIOCore
import VanortDomain
import VanortProtocol
import VanortStore

/// A web request's context: Hummingbird's own, and the client's address (sign-in limits).
struct WebContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let client: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        client = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}

/// The web face (`http-listen`): volunteers and staff sign in as themselves and use the
/// register through the same `CommandRouter` and record scope as the admin socket, so the
/// web adds no second rulebook; an account's role and association are its principal's.
/// Besides the pages: `/healthz` (200 while the database answers, else 503), `/metrics`
/// (Prometheus text) and `/calendar/<id>.<secret>.ics` (a contact's feed).
struct WebFace: Sendable {
    let router: CommandRouter
    let store: WebAccessStore
    let database: Store
    let audit: AuditTrail
    let pages: WebPages
    let clock: WallClock
    /// Cookies are `Secure` when people reach the face over HTTPS (`public-url`).
    let secureCookies: Bool
    let limiter = SignInLimits()

    static let sessionCookie = "vanort_session"
    static let formCookie = "vanort_form"
    static let sessionHours = 12
    static let minimumPassword = 12
    /// bcrypt's cost: about a quarter of a second on this machine kind.
    static let bcryptCost: UInt8 = 11
    static let largestForm = 256 * 1024

    /// The routes.
    func routes() -> Router<WebContext> {
        let routes = Router(context: WebContext.self)
        routes.add(middleware: SecurityHeaders())
        routes.get("style.css") { _, _ in
            Self.response(.ok, pages.styleSheet, type: "text/css; charset=utf-8")
        }
        routes.get("healthz") { _, _ in
            let status = await database.databaseStatus()
            return Self.response(status.reachable ? .ok : .serviceUnavailable, status.reachable ? "ok\n" : "database unreachable\n", type: "text/plain; charset=utf-8")
        }
        routes.get("metrics") { _, _ in
            let reply = await router.route(VanortProtocol.Request(words: ["metrics"]), as: Principal(role: .admin, actor: "web:metrics"))
            let lines = reply.table?.rows.compactMap { $0.first?.text } ?? []
            return Self.response(reply.status.isError ? .serviceUnavailable : .ok, lines.joined(separator: "\n") + "\n",
                                 type: "text/plain; version=0.0.4; charset=utf-8")
        }
        routes.get("calendar/:feed") { _, context in try await feed(context.parameters.require("feed")) }
        routes.get("/") { request, context in try await start(request, context) }
        routes.post("sign-in") { request, context in try await signIn(request, context) }
        routes.post("sign-out") { request, context in try await signOut(request, context) }
        routes.get("invite/:token") { request, context in try await invitation(request, context, token: context.parameters.require("token")) }
        routes.post("invite/:token") { request, context in try await acceptInvitation(request, context, token: context.parameters.require("token")) }
        routes.get("agenda") { request, context in try await agenda(request, context) }
        routes.get("reminders") { request, _ in try await reminders(request) }
        routes.post("reminders/:id/:action") { request, context in
            let action = try context.parameters.require("action")
            guard ["ack", "snooze"].contains(action) else { throw HTTPError(.notFound) }
            return try await actOnReminder(request, id: context.parameters.require("id", as: Int.self), action: action)
        }
        routes.get("city/:id") { request, context in try await cityPage(request, id: context.parameters.require("id", as: Int.self)) }
        routes.get("city/:id/review") { request, context in try await reviewPage(request, id: context.parameters.require("id", as: Int.self)) }
        routes.get("register/:noun") { request, context in try await list(request, noun: context.parameters.require("noun")) }
        routes.get("register/:noun/new") { request, context in try await recordForm(request, noun: context.parameters.require("noun"), id: nil) }
        routes.post("register/:noun") { request, context in try await save(request, noun: context.parameters.require("noun"), id: nil) }
        routes.get("register/:noun/:id") { request, context in
            try await recordForm(request, noun: context.parameters.require("noun"), id: context.parameters.require("id", as: Int.self))
        }
        routes.post("register/:noun/:id") { request, context in
            try await save(request, noun: context.parameters.require("noun"), id: context.parameters.require("id", as: Int.self))
        }
        return routes
    }

    // MARK: - Signing in

    /// `/`: the sign-in form, or the agenda for someone signed in.
    func start(_ request: Request, _ context: WebContext) async throws -> Response {
        if try await session(request) != nil { return Self.redirect("/agenda") }
        return signInPage(request, error: nil, email: "", status: .ok)
    }

    func signInPage(_ request: Request, error: String?, email: String, status: HTTPResponse.Status) -> Response {
        let language = Self.language(request)
        let token = request.cookies[Self.formCookie]?.value ?? TokenAuthority.newSecret()
        let html = pages.page(Catalogue.text("web.sign-in.title", language), "sign-in", [
            "formToken": token, "email": email, "emailLabel": Catalogue.text("web.email", language),
            "passwordLabel": Catalogue.text("web.password", language), "signIn": Catalogue.text("web.sign-in", language),
            "help": Catalogue.text("web.sign-in.help", language),
        ].adding("error", error), chrome: .init(language: language))
        var response = Self.response(status, html)
        response.setCookie(formCookie(token))
        return response
    }

    func signIn(_ request: Request, _ context: WebContext) async throws -> Response {
        var request = request
        let form = try await Self.form(&request)
        let language = Self.language(request)
        guard Self.formTokenMatches(form, request.cookies[Self.formCookie]?.value) else { return expired(request) }
        let email = form["email"] ?? ""
        let keys = SignInLimiter.keys(email: email, client: context.client)
        let now = clock.now()
        if let until = limiter.withLock({ $0.blockedUntil(keys, now: now) }) {
            let minutes = String(max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up))))
            await audit.record(actor: "web:\(context.client)", role: nil, command: "web sign-in email=\(email)", reply: Reply(.busy, "too many attempts"))
            return signInPage(request, error: Catalogue.text("web.sign-in.limited", language, ["minutes": minutes]), email: email, status: .tooManyRequests)
        }
        let credential = try await store.credential(email: email)
        let password = form["password"] ?? ""
        let accepted: Bool
        if let hash = credential?.passwordHash, credential?.disabled == false {
            accepted = await Self.offPool { Bcrypt.verify(password, hash: hash) }
        } else {
            // As long as a wrong password takes, so timing does not tell which addresses have accounts.
            _ = await Self.offPool { Bcrypt.verify(password, hash: Self.decoyHash) }
            accepted = false
        }
        guard accepted, let account = credential else {
            limiter.withLock { $0.failed(keys, at: now) }
            await audit.record(actor: "web:\(context.client)", role: nil, command: "web sign-in email=\(email)", reply: Reply(.auth, "wrong e-mail or password"))
            return signInPage(request, error: Catalogue.text("web.sign-in.failed", language), email: email, status: .unauthorized)
        }
        limiter.withLock { $0.succeeded(keys) }
        let secret = TokenAuthority.newSecret()
        let sessionID = try await store.startSession(
            accountID: account.accountID, secretHash: TokenAuthority.hash(secret), formToken: TokenAuthority.newSecret(), hours: Self.sessionHours)
        await audit.record(actor: "account:\(account.accountID)", role: account.role, command: "web sign-in email=\(email)", reply: Reply(.ok, "signed in"))
        var response = Self.redirect("/agenda")
        response.setCookie(Cookie(
            name: Self.sessionCookie, value: "\(sessionID).\(secret)", maxAge: Self.sessionHours * 3600, path: "/", secure: secureCookies,
            httpOnly: true, sameSite: .strict))
        return response
    }

    func signOut(_ request: Request, _ context: WebContext) async throws -> Response {
        var request = request
        let form = try await Self.form(&request)
        guard let session = try await session(request) else { return Self.redirect("/") }
        guard Self.formTokenMatches(form, session.formToken) else { return expired(request) }
        try await store.endSession(session.id)
        var response = Self.redirect("/")
        response.setCookie(Cookie(name: Self.sessionCookie, value: "", maxAge: 0, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    // MARK: - Invitations

    func invitation(_ request: Request, _ context: WebContext, token: String) async throws -> Response {
        guard let invited = try await invited(token) else { return invitationGone(request) }
        return passwordPage(request, token: token, email: invited.email, error: nil, status: .ok)
    }

    func passwordPage(_ request: Request, token: String, email: String, error: String?, status: HTTPResponse.Status) -> Response {
        let language = Self.language(request)
        let formToken = request.cookies[Self.formCookie]?.value ?? TokenAuthority.newSecret()
        let minimum = String(Self.minimumPassword)
        let html = pages.page(Catalogue.text("web.invite.title", language), "set-password", [
            "action": "/invite/\(token)", "formToken": formToken, "email": email, "minimum": minimum,
            "intro": Catalogue.text("web.invite.intro", language, ["email": email]),
            "passwordLabel": Catalogue.text("web.password", language),
            "passwordHint": Catalogue.text("web.invite.hint", language, ["minimum": minimum]),
            "repeatLabel": Catalogue.text("web.invite.repeat", language), "save": Catalogue.text("web.save", language),
        ].adding("error", error), chrome: .init(language: language))
        var response = Self.response(status, html)
        response.setCookie(formCookie(formToken))
        return response
    }

    func acceptInvitation(_ request: Request, _ context: WebContext, token: String) async throws -> Response {
        var request = request
        let form = try await Self.form(&request)
        let language = Self.language(request)
        guard Self.formTokenMatches(form, request.cookies[Self.formCookie]?.value) else { return expired(request) }
        guard let invited = try await invited(token) else { return invitationGone(request) }
        let password = form["password"] ?? ""
        if password.count < Self.minimumPassword {
            return passwordPage(
                request, token: token, email: invited.email,
                error: Catalogue.text("web.invite.short", language, ["minimum": String(Self.minimumPassword)]), status: .unprocessableContent)
        }
        if password != form["repeat"] {
            return passwordPage(request, token: token, email: invited.email, error: Catalogue.text("web.invite.differ", language), status: .unprocessableContent)
        }
        let hash = await Self.offPool { Bcrypt.hash(password, cost: Self.bcryptCost) }
        guard try await store.accept(invitation: invited.id, passwordHash: hash) else { return invitationGone(request) }
        await audit.record(actor: "account:\(invited.account)", role: nil, command: "web set-password invitation=\(invited.id)", reply: Reply(.ok, "password set"))
        return message(request, title: Catalogue.text("web.invite.title", language), Catalogue.text("web.invite.done", language), link: ("/", Catalogue.text("web.sign-in", language)))
    }

    /// The usable invitation `token` (`<id>.<secret>`) names.
    private func invited(_ token: String) async throws -> (id: Int, account: Int, email: String)? {
        guard let (id, secret) = Self.split(token), let found = try await store.invitation(id), found.secret.usable,
            TokenAuthority.constantTimeEqual(TokenAuthority.hash(secret), found.secret.secretHash)
        else { return nil }
        return (id, found.secret.ownerID, found.email)
    }

    private func invitationGone(_ request: Request) -> Response {
        let language = Self.language(request)
        var response = message(request, title: Catalogue.text("web.invite.title", language), Catalogue.text("web.invite.gone", language), link: nil)
        response.status = .notFound
        return response
    }

    // MARK: - Feeds

    /// `/calendar/<id>.<secret>.ics`: the calendar export as the feed's contact may see it
    /// (an association's contact: its own visits and exchanges; anyone else: the office's).
    func feed(_ name: String) async throws -> Response {
        guard name.hasSuffix(".ics"), let (id, secret) = Self.split(String(name.dropLast(4))), let feed = try await store.feed(id), feed.secret.usable,
            TokenAuthority.constantTimeEqual(TokenAuthority.hash(secret), feed.secret.secretHash)
        else { return Self.response(.notFound, "no such calendar feed\n", type: "text/plain; charset=utf-8") }
        // Staff see the office's calendar; an association's contact its association's; a
        // contact that has since become neither, nothing.
        let principal: Principal
        if feed.staff {
            principal = Principal(role: .staff, actor: "feed:\(id)")
        } else if let association = feed.associationID {
            principal = Principal(role: .association, actor: "feed:\(id)", associationID: association)
        } else {
            return Self.response(.notFound, "no such calendar feed\n", type: "text/plain; charset=utf-8")
        }
        let reply = await router.route(VanortProtocol.Request(words: ["calendar", "export"]), as: principal)
        guard let table = reply.table else { return Self.response(.serviceUnavailable, reply.message + "\n", type: "text/plain; charset=utf-8") }
        let lines = table.rows.compactMap { $0.first?.text }
        return Self.response(.ok, lines.joined(separator: "\r\n") + "\r\n", type: "text/calendar; charset=utf-8")
    }

    // MARK: - Helpers

    /// The signed-in session of `request` and the principal it speaks as.
    func signedIn(_ request: Request) async throws -> (WebAccessStore.Session, Principal)? {
        guard let session = try await session(request) else { return nil }
        let account = session.account
        return (session, Principal(role: account.role, actor: "account:\(account.accountID)", associationID: account.associationID))
    }

    private func session(_ request: Request) async throws -> WebAccessStore.Session? {
        guard let cookie = request.cookies[Self.sessionCookie]?.value, let (id, secret) = Self.split(cookie),
            let session = try await store.session(id), session.usable,
            TokenAuthority.constantTimeEqual(TokenAuthority.hash(secret), session.secretHash)
        else { return nil }
        return session
    }

    func chrome(_ request: Request, _ session: WebAccessStore.Session, current: String) -> WebPages.Chrome {
        let language = Self.language(request)
        let nouns = session.account.role == .association ? Self.associationNouns : Self.officeNouns
        let nav = [("/agenda", Catalogue.text("web.agenda", language))]
            + (session.account.role == .association ? [] : [("/reminders", Catalogue.text("web.reminders", language))])
            + nouns.map { ("/register/\($0)", WebPages.capitalized(Catalogue.text("nouns.\($0)", language))) }
        return WebPages.Chrome(language: language, email: session.account.email, formToken: session.formToken, nav: nav, current: current)
    }

    /// What an association's member works with, and what the office's staff do.
    static let associationNouns = ["visit", "exchange", "participant"]
    static let officeNouns = ["city", "agreement", "association", "contact", "visit", "exchange", "participant", "grant"]

    func tablePage(
        _ request: Request, _ session: WebAccessStore.Session, _ reply: Reply, title: String, current: String, empty: String,
        newLink: (String, String)? = nil, notice: String? = nil, links: (column: String, prefix: String)? = nil, extra: [String: Any] = [:]
    ) -> Response {
        guard let table = reply.table else { return message(request, session: session, title: title, reply.message, link: nil, status: Self.httpStatus(reply.status)) }
        let language = Self.language(request)
        var values = WebPages.table(table, caption: title, empty: empty, language: language, links: links).merging(extra) { $1 }
        if let newLink {
            values["newHref"] = newLink.0
            values["newLabel"] = newLink.1
        }
        return Self.response(.ok, pages.page(title, "table", values, chrome: chrome(request, session, current: current), notice: notice))
    }

    func message(
        _ request: Request, session: WebAccessStore.Session? = nil, title: String, _ text: String, link: (String, String)?,
        status: HTTPResponse.Status = .ok
    ) -> Response {
        let language = Self.language(request)
        let shown = session.map { self.chrome(request, $0, current: "") } ?? WebPages.Chrome(language: language)
        let values: [String: Any] = ["message": text].adding("linkHref", link?.0).adding("linkLabel", link?.1)
        let html = pages.page(title, "message", values, chrome: shown)
        return Self.response(status, html)
    }

    /// A form posted without its token (or with another's): refused, nothing done.
    func expired(_ request: Request) -> Response {
        let language = Self.language(request)
        return message(request, title: Catalogue.text("web.form-expired", language), Catalogue.text("web.form-expired", language),
                       link: ("/", Catalogue.text("web.back", language)), status: .forbidden)
    }

    private func formCookie(_ token: String) -> Cookie {
        Cookie(name: Self.formCookie, value: token, path: "/", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    /// A request to the command router with `options`, in the reader's language.
    static func command(_ words: [String], _ options: [String: String], _ language: Language) -> VanortProtocol.Request {
        VanortProtocol.Request(words: words, options: options.sorted { $0.key < $1.key }.map { ($0.key, $0.value) } + [("lang", language.rawValue)])
    }

    /// The reader's language: English when the browser prefers it, else Swedish.
    static func language(_ request: Request) -> Language {
        if let asked = request.uri.queryParameters["lang"].flatMap({ Language(rawValue: String($0)) }) { return asked }
        let preferred = request.headers[.acceptLanguage]?.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        return preferred.hasPrefix("en") ? .en : .sv
    }

    /// `<id>.<secret>` as its parts.
    static func split(_ token: String) -> (Int, String)? {
        let parts = token.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let id = Int(parts[0]), id > 0, parts[1].utf8.count == 43 else { return nil }
        return (id, String(parts[1]))
    }

    static func formTokenMatches(_ form: [String: String], _ expected: String?) -> Bool {
        guard let expected, !expected.isEmpty, let given = form["form_token"] else { return false }
        return TokenAuthority.constantTimeEqual(Array(given.utf8), Array(expected.utf8))
    }

    /// The posted form's fields (`application/x-www-form-urlencoded`, at most `largestForm` bytes).
    static func form(_ request: inout Request) async throws -> [String: String] {
        let body = try await request.collectBody(upTo: largestForm)
        var components = URLComponents()
        components.percentEncodedQuery = String(buffer: body).replacingOccurrences(of: "+", with: "%20")
        var fields: [String: String] = [:]
        for item in components.queryItems ?? [] where fields[item.name] == nil {
            fields[item.name] = item.value ?? ""
        }
        return fields
    }

    static func response(_ status: HTTPResponse.Status, _ text: String, type: String = "text/html; charset=utf-8") -> Response {
        Response(status: status, headers: [.contentType: type, .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// 303 to `location`: after a form, the browser asks for the page anew.
    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location, .cacheControl: "no-store"])
    }

    /// The HTTP status of a protocol reply: the codes are HTTP's, but 210 and 211 (rows, a stream) are 200.
    static func httpStatus(_ status: Status) -> HTTPResponse.Status {
        status == .rows || status == .stream ? .ok : HTTPResponse.Status(code: status.rawValue)
    }

    /// Runs CPU-bound work (bcrypt) on a Dispatch thread, not on the cooperative pool.
    static func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }

    /// A hash no password matches, verified when an address has no account.
    static let decoyHash = Bcrypt.hash(TokenAuthority.newSecret(), cost: bcryptCost)
}

/// Headers every page carries: no scripts or frames from anywhere, no sniffing, no referrer
/// beyond the site.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = WebContext

    /// A name HTTPTypes has no constant for; a valid literal.
    static let referrerPolicy = HTTPField.Name("Referrer-Policy") ?? .contentType

    func handle(_ request: Request, context: WebContext, next: (Request, WebContext) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[.contentSecurityPolicy] = "default-src 'self'; script-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[.xContentTypeOptions] = "nosniff"
        response.headers[Self.referrerPolicy] = "same-origin"
        return response
    }
}

extension Dictionary where Key == String, Value == Any {
    /// The dictionary with `value` under `key` when there is one: a template's section
    /// shows only what is there.
    func adding(_ key: String, _ value: String?) -> [String: Any] {
        guard let value else { return self }
        var copy = self
        copy[key] = value
        return copy
    }
}
