import Foundation
import HTTPTypes
import Hummingbird
import VanortDomain
import VanortProtocol
import VanortStore

/// The office's pages: the reminders that wait for someone to act (acknowledge, or snooze
/// to a later day), a page per partner city with everything the register holds about the
/// partnership, and the partnership's review as a page to print for the municipal board.
/// Each is the same commands the socket runs, as the signed-in person; an association's
/// member gets the router's 403.
extension WebFace {
    func reminders(_ request: Request) async throws -> Response {
        guard let (session, principal) = try await signedIn(request) else { return Self.redirect("/") }
        let language = Self.language(request)
        let reply = await router.route(Self.command(["reminder", "list"], ["state": "sent"], language), as: principal)
        guard var table = reply.table else {
            return message(request, session: session, title: reply.message, reply.message, link: nil, status: Self.httpStatus(reply.status))
        }
        let shown = ["due_at", "rule", "about", "title", "note", "to", "sent_at"].compactMap { table.columns.firstIndex(of: $0) }
        let ids = table.columns.firstIndex(of: "id").map { index in table.rows.map { $0[index].text ?? "" } } ?? []
        // A reminder's `to` is whom it is for (`till` would read as a date in Swedish).
        table = Table(columns: shown.map { table.columns[$0] == "to" ? "recipient" : table.columns[$0] }, rows: table.rows.map { row in shown.map { row[$0] } })
        var values = WebPages.table(table, caption: Catalogue.text("web.reminders", language), empty: Catalogue.text("web.reminders.none", language), language: language)
        if var rows = values["rows"] as? [[String: Any]] {
            for index in rows.indices where index < ids.count { rows[index]["id"] = ids[index] }
            values["rows"] = rows
        }
        let zone = await router.displayZone?.current() ?? .gmt
        let tomorrow = CalendarDate(instant: clock.now().addingTimeInterval(86_400), zone: zone)
        values["intro"] = Catalogue.text("web.reminders.intro", language)
        values["formToken"] = session.formToken
        values["tomorrow"] = tomorrow.description
        values["actionsHeading"] = Catalogue.text("web.actions", language)
        values["ackLabel"] = Catalogue.text("web.ack", language)
        values["snoozeLabel"] = Catalogue.text("web.snooze", language)
        values["untilLabel"] = Catalogue.text("web.until", language)
        let notice = request.uri.queryParameters["done"].map { Catalogue.text("web.reminder.done", language, ["id": String($0)]) }
        let title = Catalogue.text("web.reminders", language)
        return Self.response(.ok, pages.page(title, "reminders", values, chrome: chrome(request, session, current: "/reminders"), notice: notice))
    }

    /// `POST /reminders/<id>/ack` and `…/snooze` (with `until`, a day: the reminder's time of day on it).
    func actOnReminder(_ request: Request, id: Int, action: String) async throws -> Response {
        var request = request
        let form = try await Self.form(&request)
        guard let (session, principal) = try await signedIn(request) else { return Self.redirect("/") }
        guard Self.formTokenMatches(form, session.formToken) else { return expired(request) }
        let language = Self.language(request)
        let options = action == "snooze" ? ["until": form["until"] ?? ""] : [:]
        let reply = await router.route(Self.command(["reminder", action, String(id)], options, language), as: principal)
        guard reply.status.isError else { return Self.redirect("/reminders?done=\(id)") }
        return message(request, session: session, title: Catalogue.text("web.reminders", language), reply.message,
                       link: ("/reminders", Catalogue.text("web.back", language)), status: Self.httpStatus(reply.status))
    }

    /// A partner city: its record, agreements, networks, visits, exchanges and contacts.
    func cityPage(_ request: Request, id: Int) async throws -> Response {
        guard let (session, principal) = try await signedIn(request) else { return Self.redirect("/") }
        let language = Self.language(request)
        let city = await router.route(Self.command(["city", "show", String(id)], [:], language), as: principal)
        guard let record = city.table, let row = record.rows.first, let nameIndex = record.columns.firstIndex(of: "name") else {
            return message(request, session: session, title: city.message, city.message, link: nil, status: Self.httpStatus(city.status))
        }
        let name = row[nameIndex].text ?? String(id)
        var sections: [[String: Any]] = [section("city", record, language, heading: WebPages.capitalized(Catalogue.text("noun.city", language)))]
        for noun in ["agreement", "network", "visit", "exchange", "contact"] {
            let listed = await router.route(Self.command([noun, "list"], ["city": String(id)], language), as: principal)
            guard let table = listed.table else { continue }
            sections.append(section(noun, Self.brief(table, noun), language, links: ("id", "/register/\(noun)/")))
        }
        let values: [String: Any] = [
            "sections": sections,
            "links": ["items": [
                ["href": "/city/\(id)/review", "label": Catalogue.text("web.review", language)],
                ["href": "/register/city/\(id)", "label": Catalogue.text("web.change", language, ["noun": Catalogue.text("noun.city", language), "id": String(id)])],
            ]],
        ]
        return Self.response(.ok, pages.page(name, "sections", values, chrome: chrome(request, session, current: "/register/city")))
    }

    /// The partnership's review (`report review`), a section a table, to print for the board.
    func reviewPage(_ request: Request, id: Int) async throws -> Response {
        guard let (session, principal) = try await signedIn(request) else { return Self.redirect("/") }
        let language = Self.language(request)
        let reply = await router.route(Self.command(["report", "review"], ["city": String(id)], language), as: principal)
        guard let table = reply.table, let sectionIndex = table.columns.firstIndex(of: "section") else {
            return message(request, session: session, title: reply.message, reply.message, link: nil, status: Self.httpStatus(reply.status))
        }
        let others = table.columns.indices.filter { $0 != sectionIndex }
        var order: [String] = []
        var rows: [String: [[Value]]] = [:]
        for row in table.rows {
            let key = row[sectionIndex].text ?? ""
            if rows[key] == nil { order.append(key) }
            rows[key, default: []].append(others.map { row[$0] })
        }
        let columns = others.map { table.columns[$0] }
        let sections = order.map { key in
            section(key, Table(columns: columns, rows: rows[key] ?? []), language, heading: Catalogue.text("report.section.\(key)", language))
        }
        let city = await router.route(Self.command(["city", "show", String(id)], [:], language), as: principal)
        let name = city.table.flatMap { table in table.columns.firstIndex(of: "name").flatMap { table.rows.first?[$0].text } } ?? String(id)
        let title = Catalogue.text("report.title.review", language, ["city": name])
        return Self.response(.ok, pages.page(title, "sections", ["sections": sections, "intro": Catalogue.text("web.review.print", language)],
                                             chrome: chrome(request, session, current: "/register/city")))
    }

    /// One titled table of a page of sections.
    private func section(_ key: String, _ table: Table, _ language: Language, heading: String? = nil, links: (column: String, prefix: String)? = nil) -> [String: Any] {
        let title = heading ?? WebPages.capitalized(Catalogue.text("nouns.\(key)", language))
        var values = WebPages.table(table, caption: title, empty: Catalogue.text("web.none", language), language: language, links: links)
        values["id"] = key
        values["heading"] = title
        // Its heading names it; the caption is for screen readers only, the page's intro not repeated.
        values["inSection"] = true
        return values
    }

    /// The columns a terminal shows of a noun's list, as its declaration says.
    static func brief(_ table: Table, _ noun: String) -> Table {
        guard let brief = descriptor(noun)?.brief else { return table }
        let kept = brief.compactMap { table.columns.firstIndex(of: $0) }
        return Table(columns: kept.map { table.columns[$0] }, rows: table.rows.map { row in kept.map { row[$0] } })
    }
}
