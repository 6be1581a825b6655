-- vanort foundation: extensions the register relies on.
-- Applied by vanortd in one transaction; the runner records it in schema_migrations.

-- Case- and diacritic-insensitive search (kecskemet finds Kecskemét).
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is only STABLE; an IMMUTABLE wrapper with a fixed dictionary can back an index.
CREATE OR REPLACE FUNCTION vanort_fold(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$;
