-- The catalog: one title per asset, visible to viewers once published_at is set (asset.published consumed).
-- Times are Unix milliseconds, as on SQLite. Ids are TEXT like the other tables' (Guid "N" form).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE catalog_titles (
    id                TEXT PRIMARY KEY,
    asset_id          TEXT NOT NULL UNIQUE,
    owner_id          TEXT NOT NULL,
    title             TEXT NOT NULL,
    description       TEXT NULL,
    genres            TEXT[] NOT NULL,    -- lowercase genres
    content_rating    TEXT NOT NULL,
    rating_rank       SMALLINT NOT NULL,  -- G 0 < PG 1 < PG-13 2 < R 3 < NC-17 4 < UNRATED 5
    release_year      INTEGER NULL,
    duration_seconds  DOUBLE PRECISION NULL,
    published_at      BIGINT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    -- Written with the row: title A, genres B, description C ('simple': no stemming, no stop words).
    search_vector     TSVECTOR NOT NULL
);
CREATE INDEX ix_catalog_titles_owner ON catalog_titles (owner_id, created_at DESC);
CREATE INDEX ix_catalog_titles_published ON catalog_titles (published_at DESC) WHERE published_at IS NOT NULL;
CREATE INDEX ix_catalog_titles_search ON catalog_titles USING GIN (search_vector);
CREATE INDEX ix_catalog_titles_genres ON catalog_titles USING GIN (genres);

-- The vocabulary of the published titles (term, in how many): where typo corrections come from, by
-- trigram word similarity (GiST answers "nearest terms" ordered by <<->) refined by edit distance.
CREATE TABLE catalog_terms (
    term  TEXT PRIMARY KEY,
    docs  INTEGER NOT NULL
);
CREATE INDEX ix_catalog_terms_trigrams ON catalog_terms USING GIST (term gist_trgm_ops);
CREATE INDEX ix_catalog_terms_prefix ON catalog_terms (term text_pattern_ops);

-- Keeps catalog_terms in step with the published rows: one net change per term, taken in term order,
-- so writers sharing terms lock them in the same order and cannot deadlock.
CREATE FUNCTION catalog_terms_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    change RECORD;
    remaining INTEGER;
BEGIN
    FOR change IN
        SELECT term, SUM(delta)::INTEGER AS delta FROM (
            SELECT unnest(tsvector_to_array(OLD.search_vector)) AS term, -1 AS delta
            WHERE TG_OP <> 'INSERT' AND OLD.published_at IS NOT NULL
            UNION ALL
            SELECT unnest(tsvector_to_array(NEW.search_vector)), 1
            WHERE TG_OP <> 'DELETE' AND NEW.published_at IS NOT NULL
        ) changes
        GROUP BY term HAVING SUM(delta) <> 0 ORDER BY term
    LOOP
        INSERT INTO catalog_terms AS c (term, docs) VALUES (change.term, change.delta)
        ON CONFLICT (term) DO UPDATE SET docs = c.docs + excluded.docs
        RETURNING docs INTO remaining;
        IF remaining <= 0 THEN
            DELETE FROM catalog_terms WHERE term = change.term;
        END IF;
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER catalog_titles_terms
    AFTER INSERT OR DELETE OR UPDATE OF search_vector, published_at ON catalog_titles
    FOR EACH ROW EXECUTE FUNCTION catalog_terms_sync();
