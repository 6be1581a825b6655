-- The web face (issue 15): people who sign in as themselves, the invitations that let
-- them set a password, their browser sessions, and the calendar feeds staff subscribe to.
-- Secrets are 256 random bits shown once (in the invitation mail, the session cookie, the
-- feed's address); only their SHA-256 is kept, as for access tokens (0006).

CREATE TABLE account (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email           text NOT NULL CHECK (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    role            text NOT NULL CHECK (role IN ('admin', 'staff', 'association')),
    association_id  bigint REFERENCES association (id) ON DELETE CASCADE,
    -- bcrypt; NULL until the invitation is followed.
    password_hash   text,
    created_by      text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    disabled_at     timestamptz,
    last_sign_in_at timestamptz,
    CONSTRAINT account_association_role CHECK ((role = 'association') = (association_id IS NOT NULL))
);
-- One account per address, however it is capitalised.
CREATE UNIQUE INDEX account_email ON account (lower(email));

CREATE TABLE account_invitation (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    secret_hash bytea NOT NULL CHECK (length(secret_hash) = 32),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);

CREATE TABLE web_session (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    secret_hash bytea NOT NULL CHECK (length(secret_hash) = 32),
    -- The token every form of the session carries (CSRF).
    form_token  text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    revoked_at  timestamptz
);
CREATE INDEX web_session_account ON web_session (account_id) WHERE revoked_at IS NULL;

-- A feed belongs to its contact and goes with it (person erase included).
CREATE TABLE calendar_feed (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    contact_id   bigint NOT NULL REFERENCES contact (id) ON DELETE CASCADE,
    secret_hash  bytea NOT NULL CHECK (length(secret_hash) = 32),
    created_by   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    last_read_at timestamptz
);
