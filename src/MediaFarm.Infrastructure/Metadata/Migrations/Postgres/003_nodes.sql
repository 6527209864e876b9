CREATE TABLE nodes (
    id              TEXT PRIMARY KEY,
    last_heartbeat  TIMESTAMPTZ NOT NULL,
    document        TEXT NOT NULL
);
