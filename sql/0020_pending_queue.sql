-- The pending reminders in a queue of their own (issue 14). A sent reminder's row was
-- rewritten with an entry in every index of `reminder` (five, 3,081 WAL records for a
-- batch of 500): `state` was in the predicates of `reminder_pending_next` and
-- `reminder_unacknowledged_registration`, so the recording UPDATE could never be HOT.
-- With the due order kept here and `state` in no index of `reminder`, and room left on
-- each page for a row's next version, about four in five of those updates stay on their
-- page and touch no index: the batch's UPDATE went from 9.2–12.3 ms to 2.3–2.8 ms
-- (EXPLAIN ANALYZE, 100,000 reminders; 6.1–6.8 ms with this table's trigger, below).
--
-- `reminder` stays the truth: a row here exists exactly while its reminder is pending, at
-- the same next attempt, kept so by the trigger in the same transaction as any change
-- (the daemon's, a command's, or SQL by hand). Daemons still lock the `reminder` rows
-- they deliver; this table is only the order they find them in.
CREATE TABLE pending_reminder (
    reminder_id     bigint PRIMARY KEY REFERENCES reminder (id) ON DELETE CASCADE,
    next_attempt_at timestamptz NOT NULL
);
INSERT INTO pending_reminder (reminder_id, next_attempt_at)
    SELECT id, next_attempt_at FROM reminder WHERE state = 'pending';
CREATE INDEX pending_reminder_next ON pending_reminder (next_attempt_at);

CREATE FUNCTION vanort_pending_reminder_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.state = 'pending' THEN
        INSERT INTO pending_reminder (reminder_id, next_attempt_at) VALUES (NEW.id, NEW.next_attempt_at)
            ON CONFLICT (reminder_id) DO UPDATE SET next_attempt_at = excluded.next_attempt_at;
    ELSIF TG_OP = 'UPDATE' THEN
        DELETE FROM pending_reminder WHERE reminder_id = NEW.id;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER reminder_pending_insert AFTER INSERT ON reminder FOR EACH ROW
    WHEN (NEW.state = 'pending') EXECUTE FUNCTION vanort_pending_reminder_sync();
CREATE TRIGGER reminder_pending_update AFTER UPDATE ON reminder FOR EACH ROW
    WHEN (OLD.state IS DISTINCT FROM NEW.state OR OLD.next_attempt_at IS DISTINCT FROM NEW.next_attempt_at)
    EXECUTE FUNCTION vanort_pending_reminder_sync();

DROP INDEX reminder_pending_next;
-- Registration notices are few (one per registration an association makes); the agenda's
-- lookup still filters on `state`, now outside the index.
DROP INDEX reminder_unacknowledged_registration;
CREATE INDEX reminder_registration ON reminder (about_kind, about_id) WHERE notice = 'registration';
-- Half of each new page left free, for the next version of the rows on it (a reminder is
-- updated once or twice in its life: claimed, sent, acknowledged).
ALTER TABLE reminder SET (fillfactor = 50);

-- The due reminders in the queue's order (replaces 0018's body, same reason): the
-- `reminder` rows are locked, and checked again once locked, so a row another daemon sent
-- meanwhile is skipped. With a join, statistics taken before a burst came due let the
-- planner hash all of `reminder` for each batch (a 100,000 burst at 247/s, 2 s a batch of
-- 500, vanort's burst probe); with the alternatives priced out here it walks the queue's
-- index and fetches each reminder by its key: 0.9 ms for the batch.
CREATE OR REPLACE FUNCTION vanort_due_reminders(batch integer) RETURNS SETOF reminder
LANGUAGE sql VOLATILE SET enable_sort = off SET enable_hashjoin = off SET enable_mergejoin = off SET enable_seqscan = off AS $$
    SELECT r.* FROM pending_reminder q JOIN reminder r ON r.id = q.reminder_id
    WHERE q.next_attempt_at <= now() AND r.state = 'pending' AND (r.lease_until IS NULL OR r.lease_until < now())
    ORDER BY q.next_attempt_at LIMIT batch FOR UPDATE OF r SKIP LOCKED
$$;

-- When the scheduler must look next: the earliest pending reminder nobody holds a lease
-- on, or the earliest lease to run out. Planned as the function above, for the same reason.
CREATE FUNCTION vanort_next_attempt() RETURNS timestamptz
LANGUAGE sql STABLE SET enable_sort = off SET enable_hashjoin = off SET enable_mergejoin = off SET enable_seqscan = off AS $$
    SELECT least(
        (SELECT q.next_attempt_at FROM pending_reminder q JOIN reminder r ON r.id = q.reminder_id
            WHERE r.claimed_by IS NULL ORDER BY q.next_attempt_at LIMIT 1),
        (SELECT min(lease_until) FROM reminder WHERE state = 'pending' AND claimed_by IS NOT NULL))
$$;
