-- The node an asset is pinned to, as a column: bounded-load placement counts each node's unfinished assets.
ALTER TABLE assets ADD COLUMN placed_on TEXT NULL;
CREATE INDEX ix_assets_placed_on ON assets (placed_on) WHERE status NOT IN ('ready', 'failed');
