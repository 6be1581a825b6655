-- `reminder add` checks its due instant where it writes it (issue 14). It used to read the
-- database's clock and the home city's zone first, then insert, then commit with the audit
-- entry: three round trips, 0.72 ms a request pipelined on one session (1,396/s,
-- vanort-bench --only 6). The daemon now reads the typed time in the zone it last saw the
-- home city keep, and this check travels ahead of the insert in the same pipeline: when
-- the zone has changed since, or the time is more than a minute past, it stops the
-- transaction before anything is written and the daemon reads the zone afresh (or refuses
-- the time as past). `zone` NULL: the request named its own zone, only the time is checked.
CREATE FUNCTION vanort_check_due(due timestamptz, home text, zone text, fallback text) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
    kept text;
BEGIN
    IF zone IS NOT NULL THEN
        kept := coalesce((SELECT c.timezone FROM city c WHERE c.name = home ORDER BY c.id LIMIT 1), fallback);
        IF kept IS DISTINCT FROM zone THEN
            RAISE EXCEPTION 'the home city keeps another time zone' USING ERRCODE = 'VZ001', DETAIL = kept;
        END IF;
    END IF;
    IF due <= now() - interval '60 seconds' THEN
        RAISE EXCEPTION 'the due instant is past' USING ERRCODE = 'VZ002';
    END IF;
END
$$;

-- Only what falls due within a day is announced. Every insert ran a statement trigger with
-- a transition table, a pg_notify and, in each listening daemon, a wake-up for a reminder
-- it then ignored (a daemon never waits longer than its sweep, at most a day:
-- SchedulerMachine.announcedWithin, and finds later ones then): pipelined `reminder add`
-- went from 1,560/s to 2,130/s with the trigger off (fsync off, 640k reminders). A row
-- trigger whose WHEN fails costs no function call; a bulk insert still notifies at most
-- once per distinct instant due within the day, and the daemon takes the earliest.
DROP TRIGGER reminder_notify_insert ON reminder;
CREATE TRIGGER reminder_notify_insert AFTER INSERT ON reminder FOR EACH ROW
    WHEN (NEW.state = 'pending' AND NEW.next_attempt_at < now() + interval '1 day')
    EXECUTE FUNCTION vanort_reminder_notify_row();
DROP TRIGGER reminder_notify_update ON reminder;
CREATE TRIGGER reminder_notify_update AFTER UPDATE ON reminder FOR EACH ROW
    WHEN (NEW.state = 'pending' AND NEW.next_attempt_at < now() + interval '1 day'
        AND (OLD.state IS DISTINCT FROM 'pending' OR NEW.next_attempt_at IS DISTINCT FROM OLD.next_attempt_at
            OR (OLD.claimed_by IS NOT NULL AND NEW.claimed_by IS NULL)))
    EXECUTE FUNCTION vanort_reminder_notify_row();
