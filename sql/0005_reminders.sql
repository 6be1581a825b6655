-- Reminders: rules that say when staff hear about an event, the reminders computed from
-- them, and every delivery attempt. The scheduler's only key is reminder.next_attempt_at.

CREATE TABLE reminder_rule (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (btrim(name) <> '') CONSTRAINT reminder_rule_name_key UNIQUE,
    event       text NOT NULL CHECK (event IN ('visit', 'exchange', 'agreement-review', 'agreement-anniversary', 'activity')),
    anchor      text NOT NULL CHECK (anchor IN ('start', 'end', 'due')),
    -- Signed whole days from the anchor date: negative is before, positive after.
    offset_days integer NOT NULL CHECK (offset_days BETWEEN -3650 AND 3650),
    at_time     time NOT NULL DEFAULT '09:00',
    -- NULL: the home city's zone.
    timezone    text CHECK (timezone <> ''),
    recipients  text NOT NULL DEFAULT 'responsible' CHECK (recipients IN ('responsible', 'staff', 'contact')),
    contact_id  bigint REFERENCES contact (id) ON DELETE RESTRICT,
    -- Optional filter: only events of these kinds / this direction.
    kinds       text[] NOT NULL DEFAULT '{}',
    direction   text CHECK (direction IN ('incoming', 'outgoing')),
    every_years integer CHECK (every_years BETWEEN 1 AND 100),
    note        text,
    active      boolean NOT NULL DEFAULT true,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT reminder_rule_contact_named CHECK ((recipients = 'contact') = (contact_id IS NOT NULL)),
    CONSTRAINT reminder_rule_anchor_fits CHECK (
        (event IN ('visit', 'exchange') AND anchor IN ('start', 'end'))
        OR (event NOT IN ('visit', 'exchange') AND anchor = 'due')),
    CONSTRAINT reminder_rule_every_years_for_anniversaries CHECK (
        (event = 'agreement-anniversary') = (every_years IS NOT NULL))
);

CREATE TABLE reminder (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- NULL for an ad-hoc reminder (reminder add) and after its rule was deleted.
    rule_id         bigint REFERENCES reminder_rule (id) ON DELETE SET NULL,
    about_kind      text CHECK (about_kind IN ('visit', 'exchange', 'agreement', 'activity')),
    about_id        bigint,
    due_at          timestamptz NOT NULL,
    note            text,
    -- The named recipient of an ad-hoc reminder (reminder add --to).
    contact_id      bigint REFERENCES contact (id) ON DELETE RESTRICT,
    state           text NOT NULL DEFAULT 'pending'
                        CHECK (state IN ('pending', 'sent', 'acked', 'failed', 'cancelled')),
    next_attempt_at timestamptz NOT NULL,
    attempts        integer NOT NULL DEFAULT 0,
    -- Channels (log, watch, notify, email:<contact>) that already delivered it.
    done_channels   text[] NOT NULL DEFAULT '{}',
    claimed_by      text,
    lease_until     timestamptz,
    -- A claim was taken over from a daemon that died mid-delivery: receivers may have it.
    redelivery      boolean NOT NULL DEFAULT false,
    sent_at         timestamptz,
    late_seconds    numeric(14, 3),
    last_error      text,
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT reminder_once UNIQUE (rule_id, about_kind, about_id, due_at),
    CONSTRAINT reminder_about_complete CHECK ((about_kind IS NULL) = (about_id IS NULL)),
    CONSTRAINT reminder_claim_has_lease CHECK ((claimed_by IS NULL) = (lease_until IS NULL))
);
CREATE INDEX reminder_pending_next ON reminder (next_attempt_at) WHERE state = 'pending';
CREATE INDEX reminder_about ON reminder (about_kind, about_id);
CREATE INDEX reminder_due ON reminder (due_at);
CREATE INDEX reminder_claimed_lease ON reminder (lease_until) WHERE claimed_by IS NOT NULL;

CREATE TABLE delivery (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    reminder_id  bigint NOT NULL REFERENCES reminder (id) ON DELETE CASCADE,
    attempt      integer NOT NULL,
    channel      text NOT NULL CHECK (channel IN ('log', 'watch', 'email', 'notify')),
    recipient    text,
    contact_id   bigint REFERENCES contact (id) ON DELETE SET NULL,
    attempted_at timestamptz NOT NULL DEFAULT now(),
    late_seconds numeric(14, 3),
    result       text NOT NULL CHECK (result IN ('sent', 'failed', 'skipped')),
    error        text,
    daemon       text NOT NULL
);
CREATE INDEX delivery_reminder ON delivery (reminder_id);

-- The facts a reminder's text needs about the event it is about, whatever its kind.
CREATE VIEW reminder_event AS
    SELECT 'visit'::text AS about_kind, v.id AS about_id, c.name AS title, v.from_date AS start_date,
        v.to_date AS end_date, NULL::date AS due_date, v.kind, v.direction, v.contact_id AS responsible_id
    FROM visit v JOIN city c ON c.id = v.city_id
    UNION ALL
    SELECT 'exchange', x.id, coalesce(x.title, c.name), x.from_date, x.to_date, NULL, x.kind, x.direction, x.contact_id
    FROM exchange x JOIN city c ON c.id = x.city_id
    UNION ALL
    SELECT 'activity', a.id, a.title, NULL, NULL, a.due_on, NULL, NULL, a.owner_id
    FROM activity a
    UNION ALL
    SELECT 'agreement', g.id,
        (SELECT string_agg(c.name, ', ' ORDER BY c.name) FROM agreement_party p JOIN city c ON c.id = p.city_id
         WHERE p.agreement_id = g.id AND p.role = 'partner'),
        NULL, NULL, g.review_due, g.kind, NULL, NULL
    FROM agreement g;

-- Every statement that leaves a pending reminder tells the daemons, which re-arm their
-- timers when it is earlier than what they wait for. Delivered on commit only.
CREATE FUNCTION vanort_reminder_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    earliest timestamptz;
BEGIN
    SELECT min(next_attempt_at) INTO earliest FROM changed WHERE state = 'pending';
    IF earliest IS NOT NULL THEN
        PERFORM pg_notify('vanort_reminders', extract(epoch FROM earliest)::text);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER reminder_notify_insert AFTER INSERT ON reminder
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION vanort_reminder_notify();
CREATE TRIGGER reminder_notify_update AFTER UPDATE ON reminder
    REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION vanort_reminder_notify();

-- The default rules; edit them with `vanortctl rule update`.
INSERT INTO reminder_rule (name, event, anchor, offset_days, recipients, every_years, note) VALUES
    ('exchange-60-days-before', 'exchange', 'start', -60, 'responsible', NULL, NULL),
    ('exchange-14-days-before', 'exchange', 'start', -14, 'responsible', NULL, NULL),
    ('exchange-1-day-before', 'exchange', 'start', -1, 'responsible', NULL, NULL),
    ('visit-14-days-before', 'visit', 'start', -14, 'responsible', NULL, NULL),
    ('visit-2-days-before', 'visit', 'start', -2, 'responsible', NULL, NULL),
    ('visit-follow-up', 'visit', 'end', 7, 'responsible', NULL,
        'Skicka rapporten till internationella kontoret. / Send the report to the international office.'),
    ('agreement-review-90-days-before', 'agreement-review', 'due', -90, 'staff', NULL,
        'Partnerskapet ska utvärderas innan ett nytt avtal. / Review the partnership before a new agreement.'),
    ('agreement-jubilee', 'agreement-anniversary', 'due', -180, 'staff', 5, NULL),
    ('activity-7-days-before', 'activity', 'due', -7, 'responsible', NULL, NULL);
