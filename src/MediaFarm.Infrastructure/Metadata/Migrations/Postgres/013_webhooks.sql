-- Webhooks: endpoints accounts register (the secret signs deliveries, so it is kept, not hashed), one
-- delivery per event and endpoint (seq orders each endpoint's deliveries per subject), and every attempt.
CREATE TABLE webhook_endpoints (
    endpoint_id    TEXT PRIMARY KEY,
    owner_id       TEXT NOT NULL,
    all_assets     INTEGER NOT NULL,
    url            TEXT NOT NULL,
    events         TEXT NOT NULL,
    secret         TEXT NOT NULL,
    created_at_ms  BIGINT NOT NULL
);
CREATE INDEX ix_webhook_endpoints_owner ON webhook_endpoints (owner_id);

CREATE TABLE webhook_deliveries (
    seq                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id         TEXT NOT NULL UNIQUE,
    endpoint_id         TEXT NOT NULL,
    event_id            TEXT NOT NULL,
    event_type          TEXT NOT NULL,
    subject_id          TEXT NOT NULL,
    payload             TEXT NOT NULL,
    state               TEXT NOT NULL,
    attempts            INTEGER NOT NULL,
    next_attempt_at_ms  BIGINT NOT NULL,
    give_up_at_ms       BIGINT NOT NULL,
    claim               TEXT NULL,
    claimed_until_ms    BIGINT NOT NULL,
    last_status         INTEGER NULL,
    last_error          TEXT NULL,
    created_at_ms       BIGINT NOT NULL,
    finished_at_ms      BIGINT NULL,
    UNIQUE (endpoint_id, event_id)
);
CREATE INDEX ix_webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at_ms);
CREATE INDEX ix_webhook_deliveries_chain ON webhook_deliveries (endpoint_id, subject_id, state, seq);

CREATE TABLE webhook_attempts (
    delivery_id   TEXT NOT NULL,
    attempt       INTEGER NOT NULL,
    at_ms         BIGINT NOT NULL,
    status_code   INTEGER NULL,
    error         TEXT NULL,
    duration_ms   BIGINT NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
