-- Upload sessions are written by compare-and-swap on this version (the API and the idle sweep race).
ALTER TABLE upload_sessions ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
