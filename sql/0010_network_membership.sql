-- Network members keep their own joined and left dates (issue 12). Leaving ends a
-- membership instead of deleting it, so the register (and a review report) can say who
-- was in the Smart City Alliance when; `network update --members` may add members but no
-- longer drops one silently (`network member remove` records the leaving).
ALTER TABLE network_member ADD COLUMN left_on date;
ALTER TABLE network_member ADD CONSTRAINT network_member_left_after_joined
    CHECK (left_on IS NULL OR joined_on IS NULL OR left_on >= joined_on);
