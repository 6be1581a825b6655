import VanortDomain
import VanortPostgres

/// `agenda`: everything coming in the next days, in one chronological list: visits and
/// exchanges (under way included, and visits ended in the last 30 days whose report is
/// still owed), open action-plan activities, agreement reviews and jubilees, grants'
/// expected decisions and the reports they owe (overdue ones until reported); each with
/// what the office still lacks for it (a responsible contact, guardian consent, the
/// report, an activity's owner, and "no reminder" when no rule reaches it); `new` while an
/// association's registration of it has not been acknowledged by staff.
public struct AgendaStore: Sendable {
    public let pool: PostgresPool
    let context: StoreContext

    public init(pool: PostgresPool, homeCity: String) {
        self.pool = pool
        self.context = StoreContext(homeCity: homeCity)
    }

    /// How far back a visit's owed report keeps it on the agenda.
    static let owedReportDays = 30

    /// The agenda for `days` days from today (the home municipality's), narrowed to one
    /// partner city and one association when given (a name or id); an association sees
    /// only its own visits and exchanges.
    public func agenda(days: Int, city: String?, association: String?, scope: RecordScope) async throws -> Records {
        let context = self.context
        return try await Records(pool.withConnection { connection in
            let resolver = ReferenceResolver(connection: connection, scope: scope)
            let cityID = try city.map { try resolver.resolve(.city, $0, field: "city") }
            let associationID = try association.map { try resolver.resolve(.association, $0, field: "association") }
            let owner: Int? = if case .association(let id) = scope { id } else { nil }
            let today = try ReminderPlanner(connection: connection, context: context).today()
            return try connection.query(SQL(
                """
                WITH partners AS (
                    SELECT p.agreement_id, min(p.city_id) AS city_id, string_agg(c.name, ', ' ORDER BY c.name) AS names
                    FROM agreement_party p JOIN city c ON c.id = p.city_id WHERE p.role = 'partner' GROUP BY p.agreement_id
                ), live AS (
                    SELECT g.*, pa.city_id, pa.names FROM agreement g JOIN partners pa ON pa.agreement_id = g.id
                    WHERE g.status = 'active' AND coalesce(g.until_year >= extract(year FROM $1::date), true)
                ), items AS (
                    SELECT 'visit' AS type, v.id, v.from_date AS "from", v.to_date AS "to", v.city_id, NULL::bigint AS agreement_id,
                        v.association_id, coalesce(v.purpose, v.kind || ' visit, ' || v.direction) AS what, 'visit' AS about_kind,
                        NULL AS rule_event,
                        array_remove(ARRAY[
                            CASE WHEN v.contact_id IS NULL THEN 'responsible contact' END,
                            CASE WHEN v.to_date < $1 AND NOT v.reported THEN 'report' END], NULL) AS missing
                    FROM visit v
                    WHERE v.status <> 'cancelled' AND v.from_date <= $2
                        AND (v.to_date >= $1 OR (NOT v.reported AND v.to_date >= $1::date - $6::integer))
                    UNION ALL
                    SELECT 'exchange', x.id, x.from_date, x.to_date, x.city_id, NULL, x.association_id,
                        coalesce(x.title, x.kind || ' exchange, ' || x.direction), 'exchange', NULL,
                        array_remove(ARRAY[
                            CASE WHEN x.contact_id IS NULL THEN 'responsible contact' END,
                            CASE WHEN EXISTS (
                                SELECT 1 FROM participant p WHERE p.exchange_id = x.id AND p.birth_date + interval '18 years' > x.from_date
                                    AND (p.consent_date IS NULL OR p.consent_by IS NULL OR p.consent_date > x.from_date))
                                THEN 'guardian consent' END], NULL)
                    FROM exchange x WHERE x.status <> 'cancelled' AND x.from_date <= $2 AND x.to_date >= $1
                    UNION ALL
                    SELECT 'activity', a.id, a.due_on, a.due_on, g.city_id, pl.agreement_id, NULL, a.title, 'activity', NULL,
                        array_remove(ARRAY[
                            CASE WHEN a.owner_id IS NULL THEN 'owner' END,
                            CASE WHEN a.due_on < $1 THEN 'overdue' END], NULL)
                    FROM activity a JOIN plan pl ON pl.id = a.plan_id LEFT JOIN partners g ON g.agreement_id = pl.agreement_id
                    WHERE a.status = 'open' AND a.due_on <= $2 AND a.due_on >= $1::date - $6::integer
                    UNION ALL
                    SELECT 'review', g.id, g.review_due, g.review_due, g.city_id, g.id, NULL, 'review of the ' || g.kind || ' with ' || g.names,
                        'agreement', 'agreement-review',
                        array_remove(ARRAY[CASE WHEN g.review_due < $1 THEN 'overdue' END], NULL)
                    FROM live g WHERE g.review_due <= $2
                    UNION ALL
                    SELECT 'grant-decision', b.id, b.decision_due, b.decision_due, coalesce(x.city_id, v.city_id, gp.city_id),
                        b.agreement_id, x.association_id, concat_ws(' ', b.funder, b.programme, b.reference), 'grant', 'grant-decision',
                        array_remove(ARRAY[CASE WHEN b.contact_id IS NULL THEN 'responsible contact' END], NULL)
                    FROM grant_application b LEFT JOIN exchange x ON x.id = b.exchange_id LEFT JOIN visit v ON v.id = b.visit_id
                        LEFT JOIN partners gp ON gp.agreement_id = b.agreement_id
                    WHERE b.status IN ('draft', 'applied') AND b.decision_due BETWEEN $1 AND $2
                    UNION ALL
                    SELECT 'grant-report', b.id, b.reporting_due, b.reporting_due, coalesce(x.city_id, v.city_id, gp.city_id),
                        b.agreement_id, x.association_id, concat_ws(' ', b.funder, b.programme, b.reference), 'grant', 'grant-report',
                        array_remove(ARRAY[
                            CASE WHEN b.contact_id IS NULL THEN 'responsible contact' END,
                            CASE WHEN b.reporting_due < $1 THEN 'overdue' END], NULL)
                    FROM grant_application b LEFT JOIN exchange x ON x.id = b.exchange_id LEFT JOIN visit v ON v.id = b.visit_id
                        LEFT JOIN partners gp ON gp.agreement_id = b.agreement_id
                    WHERE b.status = 'granted' AND b.reporting_due <= $2
                    UNION ALL
                    SELECT 'anniversary', g.id, j.day, j.day, g.city_id, g.id, NULL,
                        (j.year - coalesce(g.since_year, extract(year FROM g.signed_on)::int)) || ' years: ' || g.kind || ' with ' || g.names,
                        'agreement', 'agreement-anniversary', '{}'::text[]
                    FROM live g
                    CROSS JOIN LATERAL (
                        SELECT y AS year, (make_date(y, coalesce(extract(month FROM g.signed_on)::int, 1), 1)
                            + (least(coalesce(extract(day FROM g.signed_on)::int, 1),
                                extract(day FROM make_date(y, coalesce(extract(month FROM g.signed_on)::int, 1), 1) + interval '1 month - 1 day')::int) - 1)
                            * interval '1 day')::date AS day
                        FROM generate_series(extract(year FROM $1::date)::int, extract(year FROM $2::date)::int) AS y
                    ) j
                    WHERE coalesce(g.since_year, extract(year FROM g.signed_on)::int) IS NOT NULL
                        AND j.year > coalesce(g.since_year, extract(year FROM g.signed_on)::int)
                        AND j.day BETWEEN $1 AND $2
                        AND ((j.year - coalesce(g.since_year, extract(year FROM g.signed_on)::int)) % 5 = 0
                            OR EXISTS (SELECT 1 FROM reminder_rule r WHERE r.event = 'agreement-anniversary' AND r.active
                                AND (j.year - coalesce(g.since_year, extract(year FROM g.signed_on)::int)) % r.every_years = 0))
                )
                SELECT i.type, i.id, i."from", i."to", c.name AS city, i.what, a.name AS association,
                    EXISTS (SELECT 1 FROM reminder m WHERE m.about_kind = i.about_kind AND m.about_id = i.id
                        AND m.notice = 'registration' AND m.state NOT IN ('acked', 'cancelled')) AS new,
                    array_to_string(i.missing || CASE WHEN EXISTS (
                        SELECT 1 FROM reminder m LEFT JOIN reminder_rule r ON r.id = m.rule_id
                        WHERE m.about_kind = i.about_kind AND m.about_id = i.id AND m.state IN ('pending', 'sent', 'acked')
                            AND (i.rule_event IS NULL OR r.event = i.rule_event)) THEN '{}'::text[] ELSE ARRAY['no reminder'] END, ', ') AS missing
                FROM items i LEFT JOIN city c ON c.id = i.city_id LEFT JOIN association a ON a.id = i.association_id
                WHERE ($3::bigint IS NULL OR i.city_id = $3
                        OR EXISTS (SELECT 1 FROM agreement_party p WHERE p.agreement_id = i.agreement_id AND p.city_id = $3))
                    AND ($4::bigint IS NULL OR i.association_id = $4)
                    AND ($5::bigint IS NULL OR (i.association_id = $5 AND i.type IN ('visit', 'exchange')))
                ORDER BY i."from", i.type, i.id
                """, today.postgres, today.adding(days: days).postgres, cityID, associationID, owner, Self.owedReportDays).plannedForEachRun())
        })
    }
}
