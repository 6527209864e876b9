-- The work an unfinished asset still asks of its node (output megapixel-seconds, WorkEstimate.Remaining),
-- kept with every write so placement sums it per node in one query.
ALTER TABLE assets ADD COLUMN expected_work DOUBLE PRECISION NOT NULL DEFAULT 0;
