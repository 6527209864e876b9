-- One live execution per asset stage: a lease with a fencing token (grows on every change of hands).
-- expires_at is Unix milliseconds, the same on both dialects. Freed leases keep their row and token.
CREATE TABLE stage_leases (
    asset_id    TEXT NOT NULL,
    stage       TEXT NOT NULL,
    token       BIGINT NOT NULL,
    holder      TEXT NULL,
    node_run    TEXT NULL,  -- the holder's node registration (see nodes.registration)
    expires_at  BIGINT NOT NULL,
    PRIMARY KEY (asset_id, stage)
);
CREATE INDEX ix_stage_leases_node_run ON stage_leases (node_run);
-- Each registered node's run, and its registration (new whenever the run is dropped and comes back):
-- a stage lease is held in a registration's name, so one held by a registration that is gone can be taken over.
ALTER TABLE nodes ADD COLUMN run_id TEXT NULL;
ALTER TABLE nodes ADD COLUMN registration TEXT NULL;
