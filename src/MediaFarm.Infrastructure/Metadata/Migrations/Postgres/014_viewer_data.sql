-- The hot viewer data on the metadata database (the embedded backend of IViewerDataStore; Redis Cluster is
-- the server one): playback sessions with an expiry, resume points (continue-watching are the unfinished
-- ones), per-user counters. Every key starts with the user: one user's rows sit together.
CREATE TABLE viewer_sessions (
    user_id            TEXT NOT NULL,
    session_id         TEXT NOT NULL,
    title_id           TEXT NOT NULL,
    started_at_ms      BIGINT NOT NULL,
    position           DOUBLE PRECISION NOT NULL,
    rendition          TEXT NULL,
    last_heartbeat_ms  BIGINT NOT NULL,
    expires_at_ms      BIGINT NOT NULL,
    PRIMARY KEY (user_id, session_id)
);
CREATE TABLE viewer_resume (
    user_id        TEXT NOT NULL,
    title_id       TEXT NOT NULL,
    position       DOUBLE PRECISION NOT NULL,
    duration       DOUBLE PRECISION NOT NULL,
    completed      INTEGER NOT NULL,
    updated_at_ms  BIGINT NOT NULL,
    PRIMARY KEY (user_id, title_id)
);
CREATE INDEX ix_viewer_resume_watching ON viewer_resume (user_id, completed, updated_at_ms);
CREATE TABLE viewer_counters (
    user_id  TEXT NOT NULL,
    name     TEXT NOT NULL,
    value    BIGINT NOT NULL,
    PRIMARY KEY (user_id, name)
);
