CREATE TABLE assets (
    id          TEXT PRIMARY KEY,
    status      TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    document    TEXT NOT NULL
);
CREATE INDEX ix_assets_created ON assets (created_at DESC, id);
CREATE INDEX ix_assets_status ON assets (status);

CREATE TABLE outbox (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id     TEXT NOT NULL UNIQUE,
    asset_id     TEXT NOT NULL,
    routing_key  TEXT NOT NULL,
    payload      TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    sent_at      TIMESTAMPTZ NULL
);
CREATE INDEX ix_outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

CREATE TABLE processed_events (
    consumer      TEXT NOT NULL,
    event_id      TEXT NOT NULL,
    processed_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consumer, event_id)
);

CREATE TABLE published_assets (
    asset_id          TEXT PRIMARY KEY,
    event_id          TEXT NOT NULL,
    title             TEXT NULL,
    hls_key           TEXT NOT NULL,
    dash_key          TEXT NOT NULL,
    duration_seconds  DOUBLE PRECISION NOT NULL,
    published_at      TIMESTAMPTZ NOT NULL
);
