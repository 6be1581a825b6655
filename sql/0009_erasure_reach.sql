-- Erasure reaches every free-text column that can quote a person: besides notes, the
-- audit log and delivery records (0007), titles ("Möte med ..."), reminders' last delivery
-- error (it may name a recipient) and participants' emergency contact (often a staff
-- contact's name and phone). Names of other records are left alone: replacing a
-- substring there would corrupt someone else's data.
CREATE OR REPLACE FUNCTION vanort_erase_person(person_kind text, person_id bigint, erase_reason text) RETURNS boolean
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
            AND c.column_name IN ('notes', 'note', 'purpose', 'command', 'recipient', 'error', 'last_error', 'title',
                'emergency_contact', 'consent_by', 'guardian_name')
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
