-- Reminder rules declared once (issue 11): each field of `Rule.descriptor` is one column.
-- A rule said "14 days before" as one signed number (offset_days = -14), so `days` and
-- `when` had to be taken apart and put together again in four places of Swift and SQL.
-- They are stored as typed now; offset_days, which the planner and the preview count
-- with, follows from them (a generated column, so it can never disagree). A rule of 0
-- days keeps whether it was written "before" or "after", which the signed number lost.
ALTER TABLE reminder_rule
    ADD COLUMN days integer NOT NULL DEFAULT 0 CHECK (days BETWEEN 0 AND 3650),
    ADD COLUMN timing text NOT NULL DEFAULT 'before' CHECK (timing IN ('before', 'after'));
UPDATE reminder_rule SET days = abs(offset_days), timing = CASE WHEN offset_days < 0 THEN 'before' ELSE 'after' END;
ALTER TABLE reminder_rule DROP COLUMN offset_days;
ALTER TABLE reminder_rule ADD COLUMN offset_days integer
    GENERATED ALWAYS AS (CASE WHEN timing = 'before' THEN -days ELSE days END) STORED;
