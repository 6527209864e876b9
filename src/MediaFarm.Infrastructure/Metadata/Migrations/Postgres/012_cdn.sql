-- CDN publishing: each asset's state on each CDN (warm, purge or republish pending, done, or failed with
-- a reason), retried with backoff by the services role; version fences a finishing attempt against a newer
-- event. cdn_assets keeps the package file list warmed, which a purge needs after the files are deleted.
CREATE TABLE cdn_assets (
    asset_id       TEXT PRIMARY KEY,
    files          TEXT NOT NULL,
    updated_at_ms  BIGINT NOT NULL
);
CREATE TABLE cdn_asset_states (
    asset_id            TEXT NOT NULL,
    cdn                 TEXT NOT NULL,
    action              TEXT NOT NULL,
    state               TEXT NOT NULL,
    attempts            INTEGER NOT NULL,
    reason              TEXT NULL,
    next_attempt_at_ms  BIGINT NOT NULL,
    claimed_until_ms    BIGINT NOT NULL,
    version             BIGINT NOT NULL,
    updated_at_ms       BIGINT NOT NULL,
    PRIMARY KEY (asset_id, cdn)
);
CREATE INDEX ix_cdn_asset_states_due ON cdn_asset_states (state, next_attempt_at_ms);
