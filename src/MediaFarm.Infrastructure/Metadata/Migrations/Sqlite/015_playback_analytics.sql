-- Playback sessions remember the CDN their URLs point at, the viewer's country (analytics group by both)
-- and the last heartbeat number applied (a duplicate or late heartbeat does not move a resume point back).
ALTER TABLE viewer_sessions ADD COLUMN cdn TEXT NOT NULL DEFAULT '';
ALTER TABLE viewer_sessions ADD COLUMN country TEXT NOT NULL DEFAULT '';
ALTER TABLE viewer_sessions ADD COLUMN last_seq BIGINT NOT NULL DEFAULT -1;

-- Viewing analytics. Every heartbeat counted is remembered by (session, seq), so one delivered twice, or
-- late, adds nothing the second time; a session's totals are the sum of its heartbeats counted.
CREATE TABLE analytics_heartbeats_seen (
    session_id  TEXT NOT NULL,
    seq         BIGINT NOT NULL,
    PRIMARY KEY (session_id, seq)
);
CREATE TABLE analytics_sessions (
    session_id         TEXT PRIMARY KEY,
    user_id            TEXT NOT NULL,
    title_id           TEXT NOT NULL,
    cdn                TEXT NOT NULL,
    country            TEXT NOT NULL,
    started_at_ms      BIGINT NOT NULL,
    last_at_ms         BIGINT NOT NULL,
    heartbeats         BIGINT NOT NULL,
    watch_seconds      REAL NOT NULL,
    buffering_seconds  REAL NOT NULL,
    buffering_events   BIGINT NOT NULL,
    bitrate_kbps_seconds REAL NOT NULL,
    bitrate_seconds    REAL NOT NULL,
    startup_ms         REAL NULL,
    bitrate_switches   BIGINT NOT NULL,
    errors             BIGINT NOT NULL,
    failed             INTEGER NOT NULL,
    max_position       REAL NOT NULL,
    duration           REAL NOT NULL,
    completed          INTEGER NOT NULL
);
CREATE INDEX ix_analytics_sessions_started ON analytics_sessions (started_at_ms);
