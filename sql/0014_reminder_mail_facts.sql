-- Mail a person can act on (issue 13): a reminder says where (the partner city), how many
-- travel and why, besides what and when. The view a reminder's details come from (0008,
-- 0012) gains those three columns at its end; its branches stay one per table.
CREATE OR REPLACE VIEW reminder_event AS
    SELECT 'visit'::text AS about_kind, v.id AS about_id, (SELECT c.name FROM city c WHERE c.id = v.city_id) AS title,
        v.from_date AS start_date, v.to_date AS end_date, NULL::date AS due_date, v.kind, v.direction,
        v.contact_id AS responsible_id,
        (SELECT c.name || ', ' || c.country FROM city c WHERE c.id = v.city_id) AS place, v.participants, v.purpose
    FROM visit v
    UNION ALL
    SELECT 'exchange', x.id, coalesce(x.title, (SELECT c.name FROM city c WHERE c.id = x.city_id)), x.from_date,
        x.to_date, NULL, x.kind, x.direction, x.contact_id,
        (SELECT c.name || ', ' || c.country FROM city c WHERE c.id = x.city_id),
        CASE WHEN x.participants IS NULL AND x.leaders IS NULL THEN NULL ELSE coalesce(x.participants, 0) + coalesce(x.leaders, 0) END,
        x.partner_organisation
    FROM exchange x
    UNION ALL
    SELECT 'activity', a.id, a.title, NULL, NULL, a.due_on, NULL, NULL, a.owner_id, NULL, NULL, NULL
    FROM activity a
    UNION ALL
    SELECT 'agreement', g.id,
        (SELECT string_agg(c.name, ', ' ORDER BY c.name) FROM agreement_party p JOIN city c ON c.id = p.city_id
         WHERE p.agreement_id = g.id AND p.role = 'partner'),
        NULL, NULL, g.review_due, g.kind, NULL, NULL, NULL, NULL, NULL
    FROM agreement g
    UNION ALL
    SELECT 'grant', b.id, concat_ws(' ', b.funder, b.programme, b.reference), NULL, NULL,
        CASE WHEN b.status IN ('draft', 'applied') THEN b.decision_due ELSE b.reporting_due END, NULL, NULL, b.contact_id,
        NULL, NULL, NULL
    FROM grant_application b;
