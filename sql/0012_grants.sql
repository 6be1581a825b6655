-- Grants (issue 11): offices chase funding (EU programmes such as Erasmus+ and Interreg,
-- ICLD, foundations). The columns are the ones `Grant.descriptor` declares; the SQL of
-- add, show, list, update and filters is derived from that declaration. The table is
-- grant_application because GRANT is an SQL keyword.
CREATE TABLE grant_application (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    funder        text NOT NULL CHECK (btrim(funder) <> ''),
    programme     text,
    reference     text,
    -- Exact: an amount is never a binary float.
    amount        numeric(14, 2) CHECK (amount >= 0),
    currency      text NOT NULL DEFAULT 'SEK' CHECK (currency ~ '^[A-Z]{3}$'),
    applied_on    date,
    decision_due  date,
    decided_on    date,
    reporting_due date,
    status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'applied', 'granted', 'rejected', 'reported')),
    agreement_id  bigint REFERENCES agreement (id) ON DELETE RESTRICT,
    exchange_id   bigint REFERENCES exchange (id) ON DELETE RESTRICT,
    visit_id      bigint REFERENCES visit (id) ON DELETE RESTRICT,
    -- A grant outlives its responsible person: deleting or erasing the contact (GDPR)
    -- leaves the grant without one rather than blocking the erasure.
    contact_id    bigint REFERENCES contact (id) ON DELETE SET NULL,
    notes         text,
    version       integer NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT grant_funds_one_thing CHECK (num_nonnulls(agreement_id, exchange_id, visit_id) <= 1),
    CONSTRAINT grant_decision_after_application CHECK (decided_on >= applied_on)
);
CREATE INDEX grant_application_exchange ON grant_application (exchange_id) WHERE exchange_id IS NOT NULL;

-- Two reminder events count from a grant's dates: the decision expected (while it is
-- awaited) and the report owed (once granted, chased until reported).
ALTER TABLE reminder_rule DROP CONSTRAINT reminder_rule_event_check;
ALTER TABLE reminder_rule ADD CONSTRAINT reminder_rule_event_check CHECK (event IN (
    'visit', 'exchange', 'agreement-review', 'agreement-anniversary', 'activity', 'grant-decision', 'grant-report'));
ALTER TABLE reminder DROP CONSTRAINT reminder_about_kind_check;
ALTER TABLE reminder ADD CONSTRAINT reminder_about_kind_check CHECK (about_kind IN ('visit', 'exchange', 'agreement', 'activity', 'grant'));

-- The view a reminder's details come from (0008) gains a branch of one table, as 0008's
-- comment requires: the date is the decision's while it is awaited, else the report's.
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
    FROM agreement g
    UNION ALL
    SELECT 'grant', b.id, concat_ws(' ', b.funder, b.programme, b.reference), NULL, NULL,
        CASE WHEN b.status IN ('draft', 'applied') THEN b.decision_due ELSE b.reporting_due END, NULL, NULL, b.contact_id
    FROM grant_application b;

INSERT INTO reminder_rule (name, event, anchor, offset_days, recipients, note) VALUES
    ('grant-decision-14-days-before', 'grant-decision', 'due', -14, 'responsible',
        'Beslutet om bidraget väntas snart. / The funder''s decision is expected soon.'),
    ('grant-report-30-days-before', 'grant-report', 'due', -30, 'responsible',
        'Rapporten till bidragsgivaren ska lämnas. / The report to the funder is due.');
