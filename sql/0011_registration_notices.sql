-- The office hears of every registration (issue 12; the seeds: every department informs
-- the international office of its visits). A visit or exchange that an association
-- registers or changes gets a notice to all staff at once through the reminder channels;
-- the agenda marks it new until a staff member acknowledges that notice (`reminder ack`).
-- `notice` says what an ad-hoc reminder is; NULL for the ones people add.
ALTER TABLE reminder ADD COLUMN notice text CHECK (notice IN ('registration'));
CREATE INDEX reminder_unacknowledged_registration ON reminder (about_kind, about_id)
    WHERE notice = 'registration' AND state NOT IN ('acked', 'cancelled');
