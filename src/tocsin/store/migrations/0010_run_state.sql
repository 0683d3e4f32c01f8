-- tocsin schema v10: crash-safe finalizers (docs/data.md, "Runs and finalizer state").
-- A run is recorded when it starts ('running'), marked 'finalizing' once its articles are
-- stored and 'done' when every finalizer has finished; a run killed on the way stays as it
-- was, and the next run (or `tocsin rebuild`) rebuilds the derived tables.
ALTER TABLE runs ADD COLUMN status VARCHAR DEFAULT 'done';

-- What each finalizer last saw: the row counts its derived tables were built from. Counts
-- that differ from the tables' now mean the derived tables are stale.
CREATE TABLE finalizer_state (
    name          VARCHAR PRIMARY KEY,   -- finalizer name (stories, redlines, alerts, ...)
    run_id        VARCHAR,               -- the run (or 'rebuild') that last completed it
    articles      BIGINT NOT NULL,
    events        BIGINT NOT NULL,
    threats       BIGINT NOT NULL,
    finished_at   TIMESTAMP NOT NULL
);
