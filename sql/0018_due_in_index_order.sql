-- The due reminders in index order, whatever the statistics say (issue 14). The claim
-- and the held batch both asked for "the first n due by next_attempt_at"; after a burst
-- came due (the catch-up after downtime, or vanort-bench's 100,000 at one instant) the
-- planner still had the statistics taken before it, estimated 111 due rows, and chose a
-- bitmap heap scan of every due row and an external sort (4.7 MB on disk): 125 ms for a
-- batch of 500 at 100,000 due, falling as the burst drained, so a burst cost the square of
-- its size (auto_explain, vanort-bench --only 3). The partial index reminder_pending_next
-- gives the order itself: 0.7 ms for the same batch. With sorting priced out inside this
-- function only, the planner takes that index scan; nothing else's plans are touched.
CREATE FUNCTION vanort_due_reminders(batch integer) RETURNS SETOF reminder
LANGUAGE sql VOLATILE SET enable_sort = off AS $$
    SELECT * FROM reminder
    WHERE state = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
    ORDER BY next_attempt_at LIMIT batch FOR UPDATE SKIP LOCKED
$$;
