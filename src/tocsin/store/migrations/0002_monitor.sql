-- tocsin schema v2: story clustering, event groups (corroboration) and alerts.
-- Written by the finalizers "stories" (tocsin.dedup) and "alerts" (tocsin.monitor.alerts);
-- documented in docs/data.md and docs/monitoring.md.

-- MinHash signature of each clustered article, so that later runs rebuild the LSH index
-- from stored signatures instead of re-hashing every stored text.
CREATE TABLE article_signatures (
    article_id     VARCHAR PRIMARY KEY,
    scheme         VARCHAR NOT NULL,     -- e.g. 'affine32/128/5/1': MinHash scheme/perm/shingle/seed
    signature      BLOB NOT NULL         -- num_perm little-endian uint64 hash values
);

-- One row per "same event" reported by one or more articles (see docs/data.md for the rule).
-- No PRIMARY KEY on the two group tables, on purpose: each run deletes and re-inserts the
-- groups of the partitions it touches, and DuckDB's commit of deleted-then-reinserted keys
-- under a primary-key index costs ~40 µs a row (4 s for 100k groups, against 0.03 s
-- without). tocsin.dedup is their only writer and keeps ids unique.
CREATE TABLE event_groups (
    id              VARCHAR NOT NULL,
    source_code     VARCHAR,
    source_sector   VARCHAR,             -- most frequent sector among the members
    target_code     VARCHAR,
    target_sector   VARCHAR,
    type            VARCHAR NOT NULL,
    quad_class      TINYINT NOT NULL,
    negated         BOOLEAN NOT NULL,
    hypothetical    BOOLEAN NOT NULL,
    nuclear         BOOLEAN NOT NULL,    -- any member nuclear
    date            DATE,                -- series date: earliest coalesce(event_date, date)
    event_date      DATE,                -- earliest explicit event date among the members
    intensity       DOUBLE,              -- mean member intensity
    goldstein       DOUBLE,              -- mean member Goldstein value
    num_events      INTEGER NOT NULL,    -- member events (several per article possible)
    num_articles    INTEGER NOT NULL,    -- distinct articles carrying it
    num_sources     INTEGER NOT NULL,    -- distinct outlets carrying it
    num_stories     INTEGER NOT NULL,    -- distinct story clusters carrying it
    first_seen      DATE,                -- earliest publication date of a member
    last_seen       DATE,                -- latest publication date of a member
    first_event_id  VARCHAR NOT NULL     -- earliest reported member (evidence for alerts)
);

CREATE TABLE event_group_members (
    event_id        VARCHAR NOT NULL,
    group_id        VARCHAR NOT NULL
);

CREATE TABLE alerts (
    id                 VARCHAR PRIMARY KEY,  -- stable: rule + source + target + date
    rule               VARCHAR NOT NULL,     -- rule id in the rules file
    kind               VARCHAR NOT NULL,     -- nuclear_threat | escalation | redline | new_conflict
    severity           VARCHAR NOT NULL,     -- low | medium | high
    date               DATE,
    source_code        VARCHAR,
    target_code        VARCHAR,
    value              DOUBLE,               -- the measured value (e.g. escalation index)
    message            VARCHAR NOT NULL,
    evidence           VARCHAR[],            -- event ids (and redline:ID for red lines)
    created_at         TIMESTAMP NOT NULL DEFAULT current_timestamp,
    delivery_status    VARCHAR NOT NULL DEFAULT 'pending',  -- pending | delivered | failed
    delivery_attempts  INTEGER NOT NULL DEFAULT 0,
    delivered_at       TIMESTAMP,
    delivery_error     VARCHAR
);
