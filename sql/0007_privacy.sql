-- Personal data under GDPR: erasure on request (Art. 17), retention (gallring), and the
-- anonymous counts that outlive both.

-- One row per erased person: no name, no date of birth, only what statistics need.
CREATE TABLE erased_person (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text NOT NULL CHECK (kind IN ('participant', 'contact')),
    exchange_id bigint REFERENCES exchange (id) ON DELETE SET NULL,
    role        text,
    minor       boolean,
    staff       boolean,
    reason      text NOT NULL CHECK (reason IN ('request', 'retention')),
    erased_at   timestamptz NOT NULL DEFAULT now()
);

-- Removes one person everywhere: their record, references to it, and every occurrence of
-- their name, phone, e-mail (and a participant's guardian's) in free text, delivery
-- records and the audit log. SECURITY DEFINER because the daemon's own role may only
-- append to the audit log; it can erase a real person this way, nothing else.
CREATE FUNCTION vanort_erase_person(person_kind text, person_id bigint, erase_reason text) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    secrets text[];
    secret text;
    target record;
BEGIN
    IF person_kind = 'participant' THEN
        SELECT ARRAY[p.name, p.guardian_name, p.guardian_phone, p.guardian_email, p.consent_by, p.emergency_contact]
        INTO secrets FROM participant p WHERE p.id = person_id FOR UPDATE;
        IF NOT FOUND THEN RETURN false; END IF;
        INSERT INTO erased_person (kind, exchange_id, role, minor, reason)
        SELECT 'participant', p.exchange_id, p.role, p.birth_date + interval '18 years' > e.from_date, erase_reason
        FROM participant p JOIN exchange e ON e.id = p.exchange_id WHERE p.id = person_id;
        DELETE FROM participant WHERE id = person_id;
    ELSIF person_kind = 'contact' THEN
        SELECT ARRAY[c.name, c.phone, c.email] INTO secrets FROM contact c WHERE c.id = person_id FOR UPDATE;
        IF NOT FOUND THEN RETURN false; END IF;
        INSERT INTO erased_person (kind, staff, reason) SELECT 'contact', c.staff, erase_reason FROM contact c WHERE c.id = person_id;
        UPDATE visit SET contact_id = NULL WHERE contact_id = person_id;
        UPDATE exchange SET contact_id = NULL WHERE contact_id = person_id;
        UPDATE activity SET owner_id = NULL WHERE owner_id = person_id;
        UPDATE reminder SET contact_id = NULL WHERE contact_id = person_id;
        UPDATE reminder_rule SET recipients = 'staff', contact_id = NULL WHERE contact_id = person_id;
        DELETE FROM contact WHERE id = person_id;
    ELSE
        RAISE EXCEPTION 'unknown person kind %', person_kind;
    END IF;
    -- Every free-text column that may quote a person, in every table of this schema.
    FOR target IN
        SELECT c.table_name, c.column_name FROM information_schema.columns c
        JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.data_type = 'text'
            AND c.column_name IN ('notes', 'note', 'purpose', 'command', 'recipient', 'error', 'consent_by', 'guardian_name')
    LOOP
        FOREACH secret IN ARRAY secrets LOOP
            CONTINUE WHEN secret IS NULL OR length(btrim(secret)) < 3;
            EXECUTE format('UPDATE %I SET %I = replace(%I, $1, ''[erased]'') WHERE strpos(%I, $1) > 0',
                target.table_name, target.column_name, target.column_name, target.column_name)
            USING secret;
        END LOOP;
    END LOOP;
    RETURN true;
END;
$$;

-- Gallring: clears special needs `special_needs_days` after an exchange ends and erases
-- its participants `participant_days` after. Returns how many of each.
CREATE FUNCTION vanort_retention(participant_days integer, special_needs_days integer,
    OUT erased_participants integer, OUT cleared_special_needs integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
DECLARE
    victim bigint;
BEGIN
    UPDATE participant p SET special_needs = NULL, version = p.version + 1, updated_at = now()
    FROM exchange e
    WHERE e.id = p.exchange_id AND p.special_needs IS NOT NULL AND e.to_date + special_needs_days < current_date;
    GET DIAGNOSTICS cleared_special_needs = ROW_COUNT;
    erased_participants := 0;
    FOR victim IN
        SELECT p.id FROM participant p JOIN exchange e ON e.id = p.exchange_id
        WHERE e.to_date + participant_days < current_date ORDER BY p.id FOR UPDATE OF p SKIP LOCKED
    LOOP
        IF vanort_erase_person('participant', victim, 'retention') THEN
            erased_participants := erased_participants + 1;
        END IF;
    END LOOP;
END;
$$;
