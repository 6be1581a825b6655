-- Bursts at the database's pace (issue 14). With only in-process channels (log, watch), a
-- claim loop holds its batch by row locks in one transaction from claim to record, instead
-- of a claim UPDATE with a lease: per batch of 500 that UPDATE cost 11.5 ms of about 40,
-- each row's index entries rewritten because the claim columns are indexed
-- (docs/benchmarks.md, section 3). A row lock is not durable, so what a daemon that dies
-- mid-batch may have delivered is named here instead, one row per batch, committed before
-- delivery and deleted by the transaction that records the batch. A row left behind (its
-- daemon died or its transaction failed) makes the next delivery of those reminders a
-- flagged redelivery, as a taken-over lease does. Reminder ids only: no personal data.
CREATE TABLE delivery_batch (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    daemon       text NOT NULL,
    reminder_ids bigint[] NOT NULL,
    started_at   timestamptz NOT NULL DEFAULT now()
);
