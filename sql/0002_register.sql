-- The register: cities, agreements and their parties, associations, contacts, visits.
-- Every rule the domain checks is repeated here, so no path around it exists.
-- Every record has a version for optimistic concurrency (update --if-version).

CREATE TABLE city (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name        text NOT NULL CHECK (btrim(name) <> '' AND length(name) <= 200),
    country     text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
    region      text,
    timezone    text NOT NULL CHECK (timezone <> ''),
    population  integer CHECK (population >= 0),
    website     text,
    notes       text,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT city_name_country_key UNIQUE (name, country)
);
CREATE INDEX city_name_fold ON city (vanort_fold(name));

CREATE TABLE agreement (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text NOT NULL CHECK (kind IN ('twin-town', 'sister-city', 'cooperation',
                         'industrial-partnership', 'municipal-partnership', 'none')),
    areas            text[] NOT NULL DEFAULT '{}',
    funding          text[] NOT NULL DEFAULT '{}',
    signed_on        date,
    since_year       integer CHECK (since_year BETWEEN 1900 AND 2200),
    until_year       integer CHECK (until_year BETWEEN 1900 AND 2200),
    status           text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'dormant', 'ended')),
    council_decision text,
    review_due       date,
    notes            text,
    version          integer NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agreement_years_ordered CHECK (until_year >= since_year)
);

-- The parties: home municipalities and partner cities. A referenced city cannot be deleted.
CREATE TABLE agreement_party (
    agreement_id bigint NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    city_id      bigint NOT NULL REFERENCES city (id) ON DELETE RESTRICT,
    role         text NOT NULL CHECK (role IN ('home', 'partner')),
    PRIMARY KEY (agreement_id, city_id)
);
CREATE INDEX agreement_party_city ON agreement_party (city_id);

CREATE TABLE association (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            text NOT NULL CHECK (btrim(name) <> ''),
    city_id         bigint NOT NULL REFERENCES city (id) ON DELETE RESTRICT,
    kind            text NOT NULL CHECK (kind IN ('friendship-association', 'club', 'school', 'university',
                        'company', 'municipal-department', 'municipal-company')),
    partner_city_id bigint REFERENCES city (id) ON DELETE RESTRICT,
    email           text CHECK (email ~ '^[^@\s]+@[^@\s]+\.[^@\s.]+$'),
    website         text,
    notes           text,
    version         integer NOT NULL DEFAULT 1,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT association_name_key UNIQUE (name)
);

CREATE TABLE contact (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name           text NOT NULL CHECK (btrim(name) <> ''),
    title          text,
    unit           text,
    association_id bigint REFERENCES association (id) ON DELETE RESTRICT,
    city_id        bigint REFERENCES city (id) ON DELETE RESTRICT,
    phone          text,
    email          text CHECK (email ~ '^[^@\s]+@[^@\s]+\.[^@\s.]+$'),
    language       text NOT NULL DEFAULT 'sv' CHECK (language IN ('sv', 'en')),
    staff          boolean NOT NULL DEFAULT false,
    notes          text,
    version        integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE visit (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    direction      text NOT NULL CHECK (direction IN ('incoming', 'outgoing')),
    kind           text NOT NULL CHECK (kind IN ('political', 'study', 'business', 'association', 'school',
                       'culture', 'sport', 'other')),
    city_id        bigint NOT NULL REFERENCES city (id) ON DELETE RESTRICT,
    from_date      date NOT NULL,
    to_date        date NOT NULL,
    association_id bigint REFERENCES association (id) ON DELETE RESTRICT,
    contact_id     bigint REFERENCES contact (id) ON DELETE RESTRICT,
    participants   integer CHECK (participants >= 0),
    purpose        text,
    status         text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'confirmed', 'done', 'cancelled')),
    reported       boolean NOT NULL DEFAULT false,
    reported_on    date,
    cost           numeric(12, 2) CHECK (cost >= 0),
    paid_by        text,
    notes          text,
    version        integer NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT visit_dates_ordered CHECK (to_date >= from_date),
    CONSTRAINT visit_report_date_needs_flag CHECK (reported_on IS NULL OR reported)
);
CREATE INDEX visit_from_date ON visit (from_date);
CREATE INDEX visit_city ON visit (city_id);
