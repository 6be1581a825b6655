import VanortDomain
import VanortPostgres

/// The reports the municipal board asks for: a partnership's review before its agreement is
/// renewed, and a year across all partners. Both are one long table (`section`, `city`,
/// `year`, `item`, `value`) that spreadsheets take as it is and vanortctl turns into
/// Markdown. SQL counts and sums; the words come from the catalogues, in the language asked.
public struct ReportStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// One line of a report. `section` is a stable key (`visits`); item and value are text
    /// in the report's language.
    public struct Line: Sendable, Equatable {
        public var section: String
        public var city: String
        public var year: Int?
        public var item: String
        public var value: String
    }

    /// One partner city's agreements and their amendments, and per year from `from` to `to`:
    /// visits by direction and kind (and their participants), exchanges by kind (participants,
    /// leaders), registered participants by role, action-plan activities by status, and
    /// costs by payer and currency.
    public func review(city reference: String, from: Int, to: Int, language: Language = .en) async throws -> [Line] {
        try Self.checkYears(from, to)
        return try await pool.withConnection { connection in
            let city = try ReferenceResolver(connection: connection).resolve(.city, reference, field: "city")
            return try Self.review(city: city, from: from, to: to, language: language, on: connection)
        }
    }

    static func review(city: Int, from: Int, to: Int, language: Language, on connection: PostgresConnection) throws -> [Line] {
        func text(_ key: String, _ values: [String: String] = [:]) -> String { Catalogue.text(key, language, values) }
        var lines: [Line] = []
        for row in try connection.query(SQL(
            """
            SELECT c.name AS city, a.since_year, a.kind, a.status, a.since_year::text AS since, a.until_year::text AS until,
                a.signed_on::text AS signed, a.review_due::text AS review_due, a.council_decision,
                nullif(array_to_string(a.areas, ', '), '') AS areas, nullif(array_to_string(a.funding, ', '), '') AS funding,
                nullif(array_to_string(a.organisations, ', '), '') AS organisations
            FROM agreement a JOIN agreement_party p ON p.agreement_id = a.id JOIN city c ON c.id = p.city_id
            WHERE p.city_id = $1 ORDER BY a.since_year NULLS FIRST, a.id
            """, city)) {
            let terms: [(String, String)] = [
                ("report.since", "since"), ("report.until", "until"), ("report.signed", "signed"), ("report.review-due", "review_due"),
                ("report.council-decision", "council_decision"), ("report.areas", "areas"), ("report.funding", "funding"),
                ("report.organisations", "organisations"),
            ]
            let value = try terms.compactMap { key, column in try row.decodeIfPresent(String.self, column).map { text(key, ["value": $0]) } }
            lines.append(Line(
                section: "agreements", city: try row.decode(String.self, "city"), year: try row.decodeIfPresent(Int.self, "since_year"),
                item: "\(Catalogue.words(try row.decode(String.self, "kind"), language)) (\(Catalogue.word(try row.decode(String.self, "status"), language)))",
                value: value.joined(separator: "; ")))
        }
        for row in try connection.query(SQL(
            """
            SELECT c.name AS city, m.amended_on::text AS day, extract(year FROM m.amended_on)::integer AS year, m.summary, m.changes
            FROM agreement_amendment m JOIN agreement_party p ON p.agreement_id = m.agreement_id JOIN city c ON c.id = p.city_id
            WHERE p.city_id = $1 ORDER BY m.amended_on, m.id
            """, city)) {
            let changes = try row.decodeIfPresent(String.self, "changes").map { " (\($0))" } ?? ""
            lines.append(Line(
                section: "amendments", city: try row.decode(String.self, "city"), year: try row.decode(Int.self, "year"),
                item: try row.decode(String.self, "day"), value: try row.decode(String.self, "summary") + changes))
        }
        for row in try connection.query(SQL(
            """
            SELECT c.name AS city, extract(year FROM v.from_date)::integer AS year, v.direction || ' ' || v.kind AS item,
                count(*)::integer AS visits, coalesce(sum(v.participants), 0)::integer AS participants
            FROM visit v JOIN city c ON c.id = v.city_id
            WHERE v.city_id = $1 AND v.status <> 'cancelled' AND extract(year FROM v.from_date) BETWEEN $2 AND $3
            GROUP BY 1, 2, 3 ORDER BY 2, 3
            """, city, from, to)) {
            lines.append(Line(
                section: "visits", city: try row.decode(String.self, "city"), year: try row.decode(Int.self, "year"),
                item: Catalogue.words(try row.decode(String.self, "item"), language),
                value: Catalogue.count(try row.decode(Int.self, "visits"), "visit", language) + ", "
                    + Catalogue.count(try row.decode(Int.self, "participants"), "participant", language)))
        }
        for row in try connection.query(SQL(
            """
            SELECT c.name AS city, extract(year FROM x.from_date)::integer AS year, x.kind AS item, count(*)::integer AS exchanges,
                coalesce(sum(x.participants), 0)::integer AS participants, coalesce(sum(x.leaders), 0)::integer AS leaders
            FROM exchange x JOIN city c ON c.id = x.city_id
            WHERE x.city_id = $1 AND x.status <> 'cancelled' AND extract(year FROM x.from_date) BETWEEN $2 AND $3
            GROUP BY 1, 2, 3 ORDER BY 2, 3
            """, city, from, to)) {
            lines.append(Line(
                section: "exchanges", city: try row.decode(String.self, "city"), year: try row.decode(Int.self, "year"),
                item: Catalogue.words(try row.decode(String.self, "item"), language),
                value: [Catalogue.count(try row.decode(Int.self, "exchanges"), "exchange", language),
                        Catalogue.count(try row.decode(Int.self, "participants"), "participant", language),
                        Catalogue.count(try row.decode(Int.self, "leaders"), "leader", language)].joined(separator: ", ")))
        }
        for row in try connection.query(SQL(
            """
            SELECT c.name AS city, extract(year FROM x.from_date)::integer AS year, x.kind, r.role, count(*)::integer AS people
            FROM participant r JOIN exchange x ON x.id = r.exchange_id JOIN city c ON c.id = x.city_id
            WHERE x.city_id = $1 AND x.status <> 'cancelled' AND extract(year FROM x.from_date) BETWEEN $2 AND $3
            GROUP BY 1, 2, 3, 4 ORDER BY 2, 3, 4
            """, city, from, to)) {
            lines.append(Line(
                section: "participants", city: try row.decode(String.self, "city"), year: try row.decode(Int.self, "year"),
                item: Catalogue.word(try row.decode(String.self, "kind"), language) + " " + text("role.\(try row.decode(String.self, "role"))"),
                value: String(try row.decode(Int.self, "people"))))
        }
        for row in try connection.query(SQL(
            """
            SELECT c.name AS city, extract(year FROM t.due_on)::integer AS year, t.status, count(*)::integer AS activities
            FROM activity t JOIN plan n ON n.id = t.plan_id JOIN agreement_party p ON p.agreement_id = n.agreement_id
                JOIN city c ON c.id = p.city_id
            WHERE p.city_id = $1 AND (t.due_on IS NULL OR extract(year FROM t.due_on) BETWEEN $2 AND $3)
            GROUP BY 1, 2, 3 ORDER BY 2 NULLS FIRST, 3
            """, city, from, to)) {
            lines.append(Line(
                section: "activities", city: try row.decode(String.self, "city"), year: try row.decodeIfPresent(Int.self, "year"),
                item: Catalogue.word(try row.decode(String.self, "status"), language), value: String(try row.decode(Int.self, "activities"))))
        }
        for row in try connection.query(SQL(
            """
            SELECT c.name AS city, extract(year FROM k.from_date)::integer AS year, k.payer,
                to_char(sum(k.amount), 'FM999999999990.00') || ' ' || k.currency AS total
            FROM cost_by_payer k JOIN city c ON c.id = k.city_id
            WHERE k.city_id = $1 AND extract(year FROM k.from_date) BETWEEN $2 AND $3
            GROUP BY 1, 2, 3, k.currency ORDER BY 2, 3, k.currency
            """, city, from, to)) {
            let payer = try row.decode(String.self, "payer")
            lines.append(Line(
                section: "costs", city: try row.decode(String.self, "city"), year: try row.decode(Int.self, "year"),
                item: payer == "not stated" ? text("report.not-stated") : payer, value: try row.decode(String.self, "total")))
        }
        return lines
    }

    /// One year across every partner city with an agreement, a visit or an exchange: visits
    /// in and out, exchanges, participants, costs by currency, and action-plan activities
    /// done and open.
    public func year(_ year: Int, language: Language = .en) async throws -> [Line] {
        try Self.checkYears(year, year)
        return try await pool.withConnection { connection in
            try connection.query(SQL(
                """
                WITH partner AS (
                    SELECT DISTINCT c.id, c.name FROM city c
                    WHERE EXISTS (SELECT 1 FROM agreement_party p WHERE p.city_id = c.id AND p.role = 'partner')
                        OR EXISTS (SELECT 1 FROM visit v WHERE v.city_id = c.id AND extract(year FROM v.from_date) = $1)
                        OR EXISTS (SELECT 1 FROM exchange x WHERE x.city_id = c.id AND extract(year FROM x.from_date) = $1)
                )
                SELECT c.name AS city,
                    (SELECT count(*) FROM visit v WHERE v.city_id = c.id AND v.direction = 'incoming' AND v.status <> 'cancelled'
                        AND extract(year FROM v.from_date) = $1)::text AS "visits-incoming",
                    (SELECT count(*) FROM visit v WHERE v.city_id = c.id AND v.direction = 'outgoing' AND v.status <> 'cancelled'
                        AND extract(year FROM v.from_date) = $1)::text AS "visits-outgoing",
                    (SELECT coalesce(sum(v.participants), 0) FROM visit v WHERE v.city_id = c.id AND v.status <> 'cancelled'
                        AND extract(year FROM v.from_date) = $1)::text AS "visit-participants",
                    (SELECT count(*) FROM exchange x WHERE x.city_id = c.id AND x.status <> 'cancelled'
                        AND extract(year FROM x.from_date) = $1)::text AS exchanges,
                    (SELECT coalesce(sum(x.participants), 0) FROM exchange x WHERE x.city_id = c.id AND x.status <> 'cancelled'
                        AND extract(year FROM x.from_date) = $1)::text AS "exchange-participants",
                    coalesce((SELECT string_agg(total, ', ' ORDER BY total) FROM (
                        SELECT to_char(sum(k.amount), 'FM999999999990.00') || ' ' || k.currency AS total FROM cost_by_payer k
                        WHERE k.city_id = c.id AND extract(year FROM k.from_date) = $1 GROUP BY k.currency) totals), '0.00') AS costs,
                    (SELECT count(*) FROM activity t JOIN plan n ON n.id = t.plan_id JOIN agreement_party p ON p.agreement_id = n.agreement_id
                        WHERE p.city_id = c.id AND t.status = 'done' AND extract(year FROM t.due_on) = $1)::text AS "activities-done",
                    (SELECT count(*) FROM activity t JOIN plan n ON n.id = t.plan_id JOIN agreement_party p ON p.agreement_id = n.agreement_id
                        WHERE p.city_id = c.id AND t.status = 'open' AND extract(year FROM t.due_on) = $1)::text AS "activities-open"
                FROM partner c ORDER BY c.name
                """, year)).flatMap { row -> [Line] in
                let city = try row.decode(String.self, "city")
                return try ["visits-incoming", "visits-outgoing", "visit-participants", "exchanges", "exchange-participants", "costs",
                            "activities-done", "activities-open"].map { figure in
                    Line(section: "year", city: city, year: year, item: Catalogue.text("report.\(figure)", language),
                         value: try row.decode(String.self, figure))
                }
            }
        }
    }

    private static func checkYears(_ from: Int, _ to: Int) throws(ValidationError) {
        guard (1900...2200).contains(from) else { throw ValidationError(field: "from", value: String(from), rule: "must be a year from 1900 to 2200") }
        guard (1900...2200).contains(to) else { throw ValidationError(field: "to", value: String(to), rule: "must be a year from 1900 to 2200") }
        guard from <= to else { throw ValidationError(field: "to", value: String(to), rule: "is before from (\(from))") }
    }
}
