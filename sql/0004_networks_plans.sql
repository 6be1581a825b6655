-- Multilateral networks (the Smart City Alliance) and action plans with their activities.

CREATE TABLE network (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       text NOT NULL CHECK (btrim(name) <> '') CONSTRAINT network_name_key UNIQUE,
    status     text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'dormant', 'ended')),
    notes      text,
    version    integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE network_member (
    network_id bigint NOT NULL REFERENCES network (id) ON DELETE CASCADE,
    city_id    bigint NOT NULL REFERENCES city (id) ON DELETE RESTRICT,
    joined_on  date,
    PRIMARY KEY (network_id, city_id)
);

CREATE TABLE plan (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id bigint NOT NULL REFERENCES agreement (id) ON DELETE RESTRICT,
    title        text NOT NULL CHECK (btrim(title) <> ''),
    period_from  date NOT NULL,
    period_to    date NOT NULL,
    notes        text,
    version      integer NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT plan_period_ordered CHECK (period_to >= period_from)
);

CREATE TABLE activity (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    plan_id    bigint NOT NULL REFERENCES plan (id) ON DELETE RESTRICT,
    title      text NOT NULL CHECK (btrim(title) <> ''),
    owner_id   bigint REFERENCES contact (id) ON DELETE RESTRICT,
    due_on     date,
    status     text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
    notes      text,
    version    integer NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX activity_plan ON activity (plan_id);
