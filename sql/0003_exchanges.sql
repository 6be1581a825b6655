-- Youth, student and trainee exchanges, and their participants (who may be minors).

CREATE TABLE exchange (
    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    title                text,
    kind                 text NOT NULL DEFAULT 'youth' CHECK (kind IN ('youth', 'student', 'trainee')),
    city_id              bigint NOT NULL REFERENCES city (id) ON DELETE RESTRICT,
    direction            text NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
    from_date            date NOT NULL,
    to_date              date NOT NULL,
    association_id       bigint REFERENCES association (id) ON DELETE RESTRICT,
    partner_organisation text,
    participants         integer CHECK (participants >= 0),
    leaders              integer CHECK (leaders >= 0),
    funding              text[] NOT NULL DEFAULT '{}',
    grant_reference      text,
    status               text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'confirmed', 'done', 'cancelled')),
    contact_id           bigint REFERENCES contact (id) ON DELETE RESTRICT,
    notes                text,
    version              integer NOT NULL DEFAULT 1,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT exchange_dates_ordered CHECK (to_date >= from_date)
);
CREATE INDEX exchange_from_date ON exchange (from_date);

CREATE TABLE participant (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    exchange_id       bigint NOT NULL REFERENCES exchange (id) ON DELETE RESTRICT,
    name              text NOT NULL CHECK (btrim(name) <> ''),
    birth_date        date NOT NULL,
    role              text NOT NULL DEFAULT 'participant' CHECK (role IN ('participant', 'leader', 'accompanying')),
    guardian_name     text,
    guardian_phone    text,
    guardian_email    text CHECK (guardian_email ~ '^[^@\s]+@[^@\s]+\.[^@\s.]+$'),
    consent_date      date,
    consent_by        text,
    consent           text[] NOT NULL DEFAULT '{}',
    -- Sensitive: shown to admin and staff only.
    special_needs     text,
    emergency_contact text,
    notes             text,
    version           integer NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX participant_exchange ON participant (exchange_id);
