-- reminder_event again, each branch one table with the city's name as a scalar subquery.
-- PostgreSQL only looks up a UNION ALL view's rows by key (an index scan per branch) when
-- every branch reads one table; with joins in it, every join against the view read all
-- visits: 130 ms per claimed batch at 200,000 visits. Same columns, so grants stay.
CREATE OR REPLACE VIEW reminder_event AS
    SELECT 'visit'::text AS about_kind, v.id AS about_id, (SELECT c.name FROM city c WHERE c.id = v.city_id) AS title,
        v.from_date AS start_date, v.to_date AS end_date, NULL::date AS due_date, v.kind, v.direction,
        v.contact_id AS responsible_id
    FROM visit v
    UNION ALL
    SELECT 'exchange', x.id, coalesce(x.title, (SELECT c.name FROM city c WHERE c.id = x.city_id)), x.from_date,
        x.to_date, NULL, x.kind, x.direction, x.contact_id
    FROM exchange x
    UNION ALL
    SELECT 'activity', a.id, a.title, NULL, NULL, a.due_on, NULL, NULL, a.owner_id
    FROM activity a
    UNION ALL
    SELECT 'agreement', g.id,
        (SELECT string_agg(c.name, ', ' ORDER BY c.name) FROM agreement_party p JOIN city c ON c.id = p.city_id
         WHERE p.agreement_id = g.id AND p.role = 'partner'),
        NULL, NULL, g.review_due, g.kind, NULL, NULL
    FROM agreement g;
