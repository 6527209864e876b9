-- Versioned placement maps, one sequence per hardware class. The primary key is the compare-and-swap:
-- of two schedulers adding version n+1 at once, one insert wins and the other adds nothing.
CREATE TABLE placement_maps (
    hardware_class  TEXT NOT NULL,
    version         BIGINT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    document        BYTEA NOT NULL,
    PRIMARY KEY (hardware_class, version)
);
