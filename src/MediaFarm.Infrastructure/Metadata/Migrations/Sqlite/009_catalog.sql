-- The catalog: one title per asset, visible to viewers once published_at is set (asset.published consumed).
-- Times are Unix milliseconds, as on PostgreSQL. seq is the stable rowid the search index points at
-- (an implicit rowid may change on VACUUM).
CREATE TABLE catalog_titles (
    seq               INTEGER PRIMARY KEY,
    id                TEXT NOT NULL UNIQUE,
    asset_id          TEXT NOT NULL UNIQUE,
    owner_id          TEXT NOT NULL,
    title             TEXT NOT NULL,
    description       TEXT NULL,
    genres            TEXT NOT NULL,      -- JSON array of lowercase genres
    content_rating    TEXT NOT NULL,
    rating_rank       INTEGER NOT NULL,   -- G 0 < PG 1 < PG-13 2 < R 3 < NC-17 4 < UNRATED 5
    release_year      INTEGER NULL,
    duration_seconds  REAL NULL,
    published_at      BIGINT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX ix_catalog_titles_owner ON catalog_titles (owner_id, created_at DESC);
CREATE INDEX ix_catalog_titles_published ON catalog_titles (published_at DESC) WHERE published_at IS NOT NULL;

-- Full-text index of the published titles only (external content: the text stays in catalog_titles).
-- No diacritics folding, like PostgreSQL's 'simple' configuration; typo tolerance bridges "e" and "é".
CREATE VIRTUAL TABLE catalog_search USING fts5(
    title, description, genres,
    content = 'catalog_titles', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3');

-- Its vocabulary (term, documents, occurrences): where typo corrections come from.
CREATE VIRTUAL TABLE catalog_search_vocab USING fts5vocab(catalog_search, 'row');

CREATE TRIGGER catalog_titles_indexed AFTER INSERT ON catalog_titles WHEN new.published_at IS NOT NULL BEGIN
    INSERT INTO catalog_search (rowid, title, description, genres) VALUES (new.seq, new.title, new.description, new.genres);
END;

CREATE TRIGGER catalog_titles_unindexed AFTER DELETE ON catalog_titles WHEN old.published_at IS NOT NULL BEGIN
    INSERT INTO catalog_search (catalog_search, rowid, title, description, genres) VALUES ('delete', old.seq, old.title, old.description, old.genres);
END;

-- One trigger, so the old row leaves the index before the new one enters it.
CREATE TRIGGER catalog_titles_reindexed AFTER UPDATE OF title, description, genres, published_at ON catalog_titles BEGIN
    INSERT INTO catalog_search (catalog_search, rowid, title, description, genres)
        SELECT 'delete', old.seq, old.title, old.description, old.genres WHERE old.published_at IS NOT NULL;
    INSERT INTO catalog_search (rowid, title, description, genres)
        SELECT new.seq, new.title, new.description, new.genres WHERE new.published_at IS NOT NULL;
END;
