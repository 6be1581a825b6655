-- Agreements as they are signed, and costs as they are paid (issue 12).

-- Parties that are not cities: the 2014 update of Lidköping–Rockford includes Skaraborg's
-- municipalities, Winnebago County, SwedishAmerican Health Systems and Sustain Dane.
-- Names, in the order given: an organisation party need not be in the register.
ALTER TABLE agreement ADD COLUMN organisations text[] NOT NULL DEFAULT '{}';

-- What an agreement's amendments changed, on the day they were signed. `changes` is what
-- `agreement amend` applied, field by field, as the register showed it before and after;
-- the summary is the office's own words. Amendments go with their agreement. The columns
-- are the ones `Amendment.descriptor` declares (so they export and import like any noun).
CREATE TABLE agreement_amendment (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    agreement_id bigint NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,
    amended_on   date NOT NULL,
    summary      text NOT NULL CHECK (btrim(summary) <> '' AND length(summary) <= 2000),
    changes      text,
    version      integer NOT NULL DEFAULT 1,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agreement_amendment_agreement ON agreement_amendment (agreement_id, amended_on);

-- A visit's cost has a currency (SEK unless said), and so has an exchange's. Amounts are
-- exact (numeric), never binary floats.
ALTER TABLE visit ADD COLUMN currency text NOT NULL DEFAULT 'SEK' CHECK (currency ~ '^[A-Z]{3}$');
ALTER TABLE exchange ADD COLUMN cost numeric(12, 2) CHECK (cost >= 0);
ALTER TABLE exchange ADD COLUMN currency text NOT NULL DEFAULT 'SEK' CHECK (currency ~ '^[A-Z]{3}$');

-- Each party pays its own costs (the seeds): who pays what of one visit or exchange. The
-- columns are the ones `Cost.descriptor` declares. A share is part of its visit or exchange
-- and goes with it.
CREATE TABLE cost_share (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    visit_id    bigint REFERENCES visit (id) ON DELETE CASCADE,
    exchange_id bigint REFERENCES exchange (id) ON DELETE CASCADE,
    payer       text NOT NULL CHECK (btrim(payer) <> ''),
    amount      numeric(14, 2) NOT NULL CHECK (amount >= 0),
    currency    text NOT NULL DEFAULT 'SEK' CHECK (currency ~ '^[A-Z]{3}$'),
    item        text,
    notes       text,
    version     integer NOT NULL DEFAULT 1,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT cost_share_of_one_thing CHECK (num_nonnulls(visit_id, exchange_id) = 1)
);
CREATE INDEX cost_share_visit ON cost_share (visit_id) WHERE visit_id IS NOT NULL;
CREATE INDEX cost_share_exchange ON cost_share (exchange_id) WHERE exchange_id IS NOT NULL;

-- Who pays what, for the reports: each share of a visit or exchange, and the cost of one
-- without shares as one payer's (its paid-by, or 'not stated'). Cancelled ones cost nothing.
CREATE VIEW cost_by_payer AS
    SELECT v.city_id, v.from_date, s.payer, s.currency, s.amount
    FROM cost_share s JOIN visit v ON v.id = s.visit_id WHERE v.status <> 'cancelled'
    UNION ALL
    SELECT x.city_id, x.from_date, s.payer, s.currency, s.amount
    FROM cost_share s JOIN exchange x ON x.id = s.exchange_id WHERE x.status <> 'cancelled'
    UNION ALL
    SELECT v.city_id, v.from_date, coalesce(v.paid_by, 'not stated'), v.currency, v.cost
    FROM visit v WHERE v.cost IS NOT NULL AND v.status <> 'cancelled'
        AND NOT EXISTS (SELECT 1 FROM cost_share s WHERE s.visit_id = v.id)
    UNION ALL
    SELECT x.city_id, x.from_date, 'not stated', x.currency, x.cost
    FROM exchange x WHERE x.cost IS NOT NULL AND x.status <> 'cancelled'
        AND NOT EXISTS (SELECT 1 FROM cost_share s WHERE s.exchange_id = x.id);
