CREATE TABLE upload_sessions (
    id                TEXT PRIMARY KEY,
    status            TEXT NOT NULL,
    last_activity_at  TIMESTAMPTZ NOT NULL,
    document          TEXT NOT NULL
);
CREATE INDEX ix_upload_sessions_idle ON upload_sessions (status, last_activity_at);
