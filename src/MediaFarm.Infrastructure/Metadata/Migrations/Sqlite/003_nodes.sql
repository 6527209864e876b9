CREATE TABLE nodes (
    id              TEXT PRIMARY KEY,
    last_heartbeat  TEXT NOT NULL,
    document        TEXT NOT NULL
);
