-- Accounts (the user service's profiles plus credentials and roles), rotating refresh tokens, API keys,
-- and who owns each asset. Times are unix milliseconds: compared, never displayed.
CREATE TABLE users (
    user_id            TEXT PRIMARY KEY,
    email_normalized   TEXT NOT NULL UNIQUE,
    account_status     TEXT NOT NULL,
    subscription_plan  TEXT NOT NULL,
    roles              TEXT NOT NULL,
    password_hash      TEXT NULL,
    profile            TEXT NOT NULL,
    version            BIGINT NOT NULL,
    created_at_ms      BIGINT NOT NULL
);
CREATE INDEX ix_users_created ON users (created_at_ms, user_id);

CREATE TABLE refresh_tokens (
    token_hash     TEXT PRIMARY KEY,
    user_id        TEXT NOT NULL,
    family_id      TEXT NOT NULL,
    expires_at_ms  BIGINT NOT NULL,
    used_at_ms     BIGINT NULL,
    revoked_at_ms  BIGINT NULL
);
CREATE INDEX ix_refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX ix_refresh_tokens_user ON refresh_tokens (user_id);

CREATE TABLE api_keys (
    key_id           TEXT PRIMARY KEY,
    user_id          TEXT NOT NULL,
    name             TEXT NOT NULL,
    secret_hash      TEXT NOT NULL,
    roles            TEXT NOT NULL,
    created_at_ms    BIGINT NOT NULL,
    last_used_at_ms  BIGINT NULL,
    revoked_at_ms    BIGINT NULL
);
CREATE INDEX ix_api_keys_user ON api_keys (user_id);

ALTER TABLE assets ADD COLUMN owner_id TEXT NULL;
CREATE INDEX ix_assets_owner ON assets (owner_id, created_at);
