-- Access: remote tokens, the audit log, and the grants that give the daemon's own
-- database role only what it needs when migrations run as a separate owner role.

CREATE TABLE access_token (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    role           text NOT NULL CHECK (role IN ('admin', 'staff', 'association')),
    association_id bigint REFERENCES association (id) ON DELETE CASCADE,
    -- SHA-256 of the secret; the secret itself is shown once and never stored.
    secret_hash    bytea NOT NULL CHECK (length(secret_hash) = 32),
    note           text,
    created_by     text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz,
    revoked_at     timestamptz,
    last_used_at   timestamptz,
    CONSTRAINT access_token_association_role CHECK ((role = 'association') = (association_id IS NOT NULL))
);

CREATE TABLE audit_log (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at      timestamptz NOT NULL DEFAULT clock_timestamp(),
    -- uid:1001, token:7, or the peer's address before a token was accepted.
    actor   text NOT NULL,
    -- admin, staff, association, or none (not yet known, or denied at the door).
    role    text NOT NULL,
    -- The request as typed, sensitive values replaced by ***.
    command text NOT NULL,
    code    integer NOT NULL,
    status  text NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_actor_at ON audit_log (actor, at);

-- Gives a runtime role what vanortd needs and nothing more: read and write the register
-- and reminders, read the migration record, only append to the audit log. Called by the
-- migrator (as the owner) after each start; safe to call again.
CREATE FUNCTION vanort_grant_runtime(runtime_role text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    schema_name text := current_schema();
BEGIN
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO %I', schema_name, runtime_role);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO %I', schema_name, runtime_role);
    EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO %I', schema_name, runtime_role);
    EXECUTE format('REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM %I', runtime_role);
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM %I', runtime_role);
    EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM %I', schema_name, runtime_role);
END;
$$;
