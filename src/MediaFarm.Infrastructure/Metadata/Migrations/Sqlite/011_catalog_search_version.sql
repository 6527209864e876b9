-- Reading the whole fts5vocab vocabulary walks the entire search index (~25 ms at 10,000 titles), so
-- the catalog store keeps a copy in memory and reads it again only when this version has moved: every
-- change of the index bumps it in the same transaction (the triggers of 009, now with the bump).
CREATE TABLE catalog_search_version (version BIGINT NOT NULL);
INSERT INTO catalog_search_version (version) VALUES (0);

DROP TRIGGER catalog_titles_indexed;
DROP TRIGGER catalog_titles_unindexed;
DROP TRIGGER catalog_titles_reindexed;

CREATE TRIGGER catalog_titles_indexed AFTER INSERT ON catalog_titles WHEN new.published_at IS NOT NULL BEGIN
    INSERT INTO catalog_search (rowid, title, description, genres) VALUES (new.seq, new.title, new.description, new.genres);
    UPDATE catalog_search_version SET version = version + 1;
END;

CREATE TRIGGER catalog_titles_unindexed AFTER DELETE ON catalog_titles WHEN old.published_at IS NOT NULL BEGIN
    INSERT INTO catalog_search (catalog_search, rowid, title, description, genres) VALUES ('delete', old.seq, old.title, old.description, old.genres);
    UPDATE catalog_search_version SET version = version + 1;
END;

-- One trigger, so the old row leaves the index before the new one enters it.
CREATE TRIGGER catalog_titles_reindexed AFTER UPDATE OF title, description, genres, published_at ON catalog_titles BEGIN
    INSERT INTO catalog_search (catalog_search, rowid, title, description, genres)
        SELECT 'delete', old.seq, old.title, old.description, old.genres WHERE old.published_at IS NOT NULL;
    INSERT INTO catalog_search (rowid, title, description, genres)
        SELECT new.seq, new.title, new.description, new.genres WHERE new.published_at IS NOT NULL;
    UPDATE catalog_search_version SET version = version + 1 WHERE old.published_at IS NOT NULL OR new.published_at IS NOT NULL;
END;
