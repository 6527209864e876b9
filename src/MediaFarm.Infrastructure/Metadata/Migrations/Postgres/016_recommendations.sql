-- Recommendations: per (user, title) watch history folded from playback.heartbeats, ratings, the candidate
-- titles (entered when the catalog makes a title visible), and what the scheduled job computes from them:
-- co-watch neighbours per title and popularity. Ids are catalog-style Guid "N" text; times Unix milliseconds.

-- Which heartbeats of a session were counted: every seq below seq_floor, plus the seqs in seqs_above
-- (comma-separated, ascending). Late and repeated heartbeats are recognised without a row per heartbeat.
CREATE TABLE rec_sessions (
    session_id     TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL,
    title_id       TEXT NOT NULL,
    seq_floor      BIGINT NOT NULL,
    seqs_above     TEXT NOT NULL,
    updated_at_ms  BIGINT NOT NULL
);
CREATE INDEX ix_rec_sessions_updated ON rec_sessions (updated_at_ms);

CREATE TABLE rec_history (
    user_id           TEXT NOT NULL,
    title_id          TEXT NOT NULL,
    watched_seconds   DOUBLE PRECISION NOT NULL,
    max_position      DOUBLE PRECISION NOT NULL,
    duration_seconds  DOUBLE PRECISION NOT NULL,
    completed         INTEGER NOT NULL,
    last_watched_ms   BIGINT NOT NULL,
    PRIMARY KEY (user_id, title_id)
);

CREATE TABLE rec_ratings (
    user_id      TEXT NOT NULL,
    title_id     TEXT NOT NULL,
    stars        INTEGER NOT NULL,
    rated_at_ms  BIGINT NOT NULL,
    PRIMARY KEY (user_id, title_id)
);

CREATE TABLE rec_candidates (
    title_id         TEXT PRIMARY KEY,
    published_at_ms  BIGINT NOT NULL
);
-- Titles published before this migration are candidates too.
INSERT INTO rec_candidates (title_id, published_at_ms)
SELECT id, published_at FROM catalog_titles WHERE published_at IS NOT NULL;

CREATE TABLE rec_similar (
    title_id      TEXT NOT NULL,
    neighbour_id  TEXT NOT NULL,
    score         DOUBLE PRECISION NOT NULL,
    co_count      INTEGER NOT NULL,
    PRIMARY KEY (title_id, neighbour_id)
);

CREATE TABLE rec_popularity (
    title_id  TEXT PRIMARY KEY,
    viewers   INTEGER NOT NULL
);

-- The last model run (one row).
CREATE TABLE rec_model (
    id              INTEGER PRIMARY KEY,
    computed_at_ms  BIGINT NOT NULL,
    users           INTEGER NOT NULL,
    titles          INTEGER NOT NULL,
    pairs           INTEGER NOT NULL
);
