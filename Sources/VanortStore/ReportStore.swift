import VanortDomain
import VanortPostgres

/// The reports the municipal board asks for: a partnership's review before its agreement is
/// renewed, and a year across all partners. Both come as one long table (`section`, `city`,
/// `year`, `item`, `value`) that spreadsheets take as it is and vanortctl turns into Markdown.
public struct ReportStore: Sendable {
    public let pool: PostgresPool

    public init(pool: PostgresPool) {
        self.pool = pool
    }

    /// One partner city's agreements, and per year from `from` to `to`: visits by direction
    /// and kind (and their participants), exchanges by kind (participants, leaders),
    /// registered participants by role, action-plan activities by status, costs by payer and
    /// currency; and the agreements' amendments.
    public func review(city reference: String, from: Int, to: Int) async throws -> PostgresRows {
        try Self.checkYears(from, to)
        return try await pool.withConnection { connection in
            let city = try ReferenceResolver(connection: connection).resolve(.city, reference, field: "city")
            return try connection.query(SQL(
                """
                WITH years AS (SELECT $2::integer AS first, $3::integer AS last)
                SELECT 1 AS part, 'agreements' AS section, c.name AS city, a.since_year AS year,
                    a.kind || ' (' || a.status || ')' AS item,
                    concat_ws('; ', 'since ' || a.since_year, 'until ' || a.until_year, 'signed ' || a.signed_on,
                        'review due ' || a.review_due, 'council decision ' || a.council_decision,
                        'areas: ' || nullif(array_to_string(a.areas, ', '), ''), 'funding: ' || nullif(array_to_string(a.funding, ', '), ''),
                        'organisations: ' || nullif(array_to_string(a.organisations, ', '), '')) AS value
                FROM agreement a JOIN agreement_party p ON p.agreement_id = a.id JOIN city c ON c.id = p.city_id
                WHERE p.city_id = $1
                UNION ALL
                SELECT 2, 'amendments', c.name, extract(year FROM m.amended_on)::integer, m.amended_on::text,
                    m.summary || coalesce(' (' || nullif(m.changes, '') || ')', '')
                FROM agreement_amendment m JOIN agreement_party p ON p.agreement_id = m.agreement_id JOIN city c ON c.id = p.city_id
                WHERE p.city_id = $1
                UNION ALL
                SELECT 3, 'visits', c.name, extract(year FROM v.from_date)::integer, v.direction || ' ' || v.kind,
                    count(*) || CASE count(*) WHEN 1 THEN ' visit, ' ELSE ' visits, ' END
                        || coalesce(sum(v.participants), 0) || CASE coalesce(sum(v.participants), 0) WHEN 1 THEN ' participant' ELSE ' participants' END
                FROM visit v JOIN city c ON c.id = v.city_id, years
                WHERE v.city_id = $1 AND v.status <> 'cancelled' AND extract(year FROM v.from_date) BETWEEN years.first AND years.last
                GROUP BY c.name, 4, 5
                UNION ALL
                SELECT 4, 'exchanges', c.name, extract(year FROM x.from_date)::integer, x.kind,
                    count(*) || CASE count(*) WHEN 1 THEN ' exchange, ' ELSE ' exchanges, ' END
                        || coalesce(sum(x.participants), 0) || CASE coalesce(sum(x.participants), 0) WHEN 1 THEN ' participant, ' ELSE ' participants, ' END
                        || coalesce(sum(x.leaders), 0) || CASE coalesce(sum(x.leaders), 0) WHEN 1 THEN ' leader' ELSE ' leaders' END
                FROM exchange x JOIN city c ON c.id = x.city_id, years
                WHERE x.city_id = $1 AND x.status <> 'cancelled' AND extract(year FROM x.from_date) BETWEEN years.first AND years.last
                GROUP BY c.name, 4, 5
                UNION ALL
                SELECT 5, 'participants', c.name, extract(year FROM x.from_date)::integer, x.kind || ' ' || CASE r.role WHEN 'accompanying' THEN 'accompanying adults' ELSE r.role || 's' END,
                    count(*)::text
                FROM participant r JOIN exchange x ON x.id = r.exchange_id JOIN city c ON c.id = x.city_id, years
                WHERE x.city_id = $1 AND x.status <> 'cancelled' AND extract(year FROM x.from_date) BETWEEN years.first AND years.last
                GROUP BY c.name, 4, 5
                UNION ALL
                SELECT 6, 'activities', c.name, extract(year FROM t.due_on)::integer, t.status, count(*)::text
                FROM activity t JOIN plan n ON n.id = t.plan_id JOIN agreement_party p ON p.agreement_id = n.agreement_id
                    JOIN city c ON c.id = p.city_id, years
                WHERE p.city_id = $1 AND (t.due_on IS NULL OR extract(year FROM t.due_on) BETWEEN years.first AND years.last)
                GROUP BY c.name, 4, 5
                UNION ALL
                SELECT 7, 'costs', c.name, extract(year FROM k.from_date)::integer, k.payer,
                    to_char(sum(k.amount), 'FM999999999990.00') || ' ' || k.currency
                FROM cost_by_payer k JOIN city c ON c.id = k.city_id, years
                WHERE k.city_id = $1 AND extract(year FROM k.from_date) BETWEEN years.first AND years.last
                GROUP BY c.name, 4, 5, k.currency
                ORDER BY 1, 4 NULLS FIRST, 5
                """, city, from, to)).droppingColumn("part")
        }
    }

    /// One year across every partner city with an agreement or activity: visits in and
    /// out, exchanges, participants, costs, and action-plan activities done and open.
    public func year(_ year: Int) async throws -> PostgresRows {
        try Self.checkYears(year, year)
        return try await pool.withConnection { connection in
            try connection.query(SQL(
                """
                WITH partner AS (
                    SELECT DISTINCT c.id, c.name FROM city c
                    WHERE EXISTS (SELECT 1 FROM agreement_party p WHERE p.city_id = c.id AND p.role = 'partner')
                        OR EXISTS (SELECT 1 FROM visit v WHERE v.city_id = c.id AND extract(year FROM v.from_date) = $1)
                        OR EXISTS (SELECT 1 FROM exchange x WHERE x.city_id = c.id AND extract(year FROM x.from_date) = $1)
                ),
                figures AS (
                    SELECT c.name AS city, 1 AS part, 'visits incoming' AS item,
                        (SELECT count(*) FROM visit v WHERE v.city_id = c.id AND v.direction = 'incoming' AND v.status <> 'cancelled'
                            AND extract(year FROM v.from_date) = $1)::text AS value FROM partner c
                    UNION ALL SELECT c.name, 2, 'visits outgoing',
                        (SELECT count(*) FROM visit v WHERE v.city_id = c.id AND v.direction = 'outgoing' AND v.status <> 'cancelled'
                            AND extract(year FROM v.from_date) = $1)::text FROM partner c
                    UNION ALL SELECT c.name, 3, 'visit participants',
                        (SELECT coalesce(sum(v.participants), 0) FROM visit v WHERE v.city_id = c.id AND v.status <> 'cancelled'
                            AND extract(year FROM v.from_date) = $1)::text FROM partner c
                    UNION ALL SELECT c.name, 4, 'exchanges',
                        (SELECT count(*) FROM exchange x WHERE x.city_id = c.id AND x.status <> 'cancelled'
                            AND extract(year FROM x.from_date) = $1)::text FROM partner c
                    UNION ALL SELECT c.name, 5, 'exchange participants',
                        (SELECT coalesce(sum(x.participants), 0) FROM exchange x WHERE x.city_id = c.id AND x.status <> 'cancelled'
                            AND extract(year FROM x.from_date) = $1)::text FROM partner c
                    UNION ALL SELECT c.name, 6, 'costs',
                        coalesce((SELECT string_agg(total, ', ' ORDER BY total) FROM (
                            SELECT to_char(sum(k.amount), 'FM999999999990.00') || ' ' || k.currency AS total FROM cost_by_payer k
                            WHERE k.city_id = c.id AND extract(year FROM k.from_date) = $1 GROUP BY k.currency) totals), '0.00') FROM partner c
                    UNION ALL SELECT c.name, 7, 'activities done',
                        (SELECT count(*) FROM activity t JOIN plan n ON n.id = t.plan_id JOIN agreement_party p ON p.agreement_id = n.agreement_id
                            WHERE p.city_id = c.id AND t.status = 'done' AND extract(year FROM t.due_on) = $1)::text FROM partner c
                    UNION ALL SELECT c.name, 8, 'activities open',
                        (SELECT count(*) FROM activity t JOIN plan n ON n.id = t.plan_id JOIN agreement_party p ON p.agreement_id = n.agreement_id
                            WHERE p.city_id = c.id AND t.status = 'open' AND extract(year FROM t.due_on) = $1)::text FROM partner c
                )
                SELECT 'year' AS section, city, $1::integer AS year, item, value FROM figures ORDER BY city, part
                """, year))
        }
    }

    private static func checkYears(_ from: Int, _ to: Int) throws(ValidationError) {
        guard (1900...2200).contains(from) else { throw ValidationError(field: "from", value: String(from), rule: "must be a year from 1900 to 2200") }
        guard (1900...2200).contains(to) else { throw ValidationError(field: "to", value: String(to), rule: "must be a year from 1900 to 2200") }
        guard from <= to else { throw ValidationError(field: "to", value: String(to), rule: "is before from (\(from))") }
    }
}

extension PostgresRows {
    /// These rows without one column (a sort key the reader does not need).
    func droppingColumn(_ name: String) -> PostgresRows {
        guard let index = columns.firstIndex(of: name) else { return self }
        var columns = self.columns
        columns.remove(at: index)
        var types = self.types
        if index < types.count { types.remove(at: index) }
        let values = self.values.map { row -> [String?] in
            var row = row
            if index < row.count { row.remove(at: index) }
            return row
        }
        return PostgresRows(columns: columns, types: types, values: values, affectedRows: affectedRows)
    }
}
