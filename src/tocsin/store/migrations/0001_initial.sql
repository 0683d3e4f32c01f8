-- tocsin schema v1. Every table is documented in docs/data.md.
-- Offsets (start_char/end_char) are character offsets into articles.text.

CREATE TABLE articles (
    id            VARCHAR PRIMARY KEY,   -- stable hash of canonical URL, else of normalised text
    title         VARCHAR,
    text          VARCHAR NOT NULL,
    url           VARCHAR,
    outlet        VARCHAR,
    published     DATE,
    source        VARCHAR NOT NULL,      -- where it was read: path, path#L12, URL, '-'
    language      VARCHAR,
    content_hash  VARCHAR,               -- hash of normalised text (exact-duplicate key)
    story_id      VARCHAR,               -- near-duplicate cluster (set by dedup)
    meta          JSON,
    ingested_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE sentences (
    article_id    VARCHAR NOT NULL,
    sentence_idx  INTEGER NOT NULL,
    paragraph     INTEGER NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    text          VARCHAR NOT NULL,
    PRIMARY KEY (article_id, sentence_idx)
);

CREATE TABLE mentions (
    article_id    VARCHAR NOT NULL,
    sentence_idx  INTEGER NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    text          VARCHAR NOT NULL,
    label         VARCHAR NOT NULL,      -- spaCy entity label, or ACTOR for lexicon matches
    actor_code    VARCHAR,
    actor_sector  VARCHAR,
    actor_name    VARCHAR,
    actor_kind    VARCHAR,
    PRIMARY KEY (article_id, start_char, end_char, label)
);

CREATE TABLE events (
    id              VARCHAR PRIMARY KEY,
    article_id      VARCHAR NOT NULL,
    sentence_idx    INTEGER NOT NULL,
    date            DATE,                -- publication date of the article
    event_date      DATE,                -- the day the text fixes for the event, if any
    source_code     VARCHAR,
    source_sector   VARCHAR,
    source_text     VARCHAR,
    source_name     VARCHAR,
    target_code     VARCHAR,
    target_sector   VARCHAR,
    target_text     VARCHAR,
    target_name     VARCHAR,
    type            VARCHAR NOT NULL,    -- PLOVER event type
    mode            VARCHAR,
    context         VARCHAR,
    quad_class      TINYINT NOT NULL,
    negated         BOOLEAN NOT NULL,
    hypothetical    BOOLEAN NOT NULL,
    nuclear         BOOLEAN NOT NULL,
    text            VARCHAR NOT NULL,    -- the sentence
    event_text      VARCHAR,             -- the trigger words
    trigger_start   INTEGER,
    trigger_end     INTEGER,
    confidence      DOUBLE NOT NULL,
    cameo           VARCHAR,
    intensity       DOUBLE,
    goldstein       DOUBLE,
    place           VARCHAR,
    weapons         VARCHAR[],
    rule            VARCHAR              -- the lexicon entry that fired (audit trail)
);

CREATE TABLE quotes (
    id              VARCHAR PRIMARY KEY,
    article_id      VARCHAR NOT NULL,
    sentence_idx    INTEGER NOT NULL,
    start_char      INTEGER NOT NULL,
    end_char        INTEGER NOT NULL,
    text            VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,    -- direct | partial | indirect
    speaker         VARCHAR,
    speaker_code    VARCHAR,
    speaker_sector  VARCHAR,
    speaker_name    VARCHAR,
    cue             VARCHAR,
    confidence      DOUBLE NOT NULL
);

CREATE TABLE threats (
    id                 VARCHAR PRIMARY KEY,
    article_id         VARCHAR NOT NULL,
    sentence_idx       INTEGER NOT NULL,
    event_id           VARCHAR,
    issuer_code        VARCHAR,
    issuer_sector      VARCHAR,
    issuer_text        VARCHAR,
    addressee_code     VARCHAR,
    addressee_sector   VARCHAR,
    addressee_text     VARCHAR,
    condition_text     VARCHAR,
    condition_start    INTEGER,
    condition_end      INTEGER,
    condition          JSON,             -- structured condition: actor, type, target, weapon_class
    consequence_text   VARCHAR,
    consequence_start  INTEGER,
    consequence_end    INTEGER,
    consequence_type   VARCHAR,
    consequence_mode   VARCHAR,
    nuclear            BOOLEAN NOT NULL,
    framing            VARCHAR[],
    text               VARCHAR NOT NULL,
    date               DATE,
    threat_key         VARCHAR           -- links restatements of one threat
);

CREATE TABLE weapon_mentions (
    article_id          VARCHAR NOT NULL,
    sentence_idx        INTEGER NOT NULL,
    start_char          INTEGER NOT NULL,
    end_char            INTEGER NOT NULL,
    text                VARCHAR NOT NULL,
    system              VARCHAR,
    name                VARCHAR,
    category            VARCHAR,
    weapon_class        VARCHAR,
    origin              VARCHAR,
    reference_range_km  DOUBLE,
    stated_range_km     DOUBLE,
    stated_range_text   VARCHAR,
    range_flag          BOOLEAN NOT NULL,
    nuclear_capable     BOOLEAN NOT NULL,
    PRIMARY KEY (article_id, start_char, end_char)
);

CREATE TABLE ingest_errors (
    source        VARCHAR NOT NULL,
    record        VARCHAR NOT NULL,      -- '' for whole-source errors
    code          VARCHAR NOT NULL,
    message       VARCHAR NOT NULL,
    first_seen    TIMESTAMP NOT NULL DEFAULT current_timestamp,
    last_seen     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (source, record, code)
);

CREATE TABLE runs (
    id              VARCHAR PRIMARY KEY,
    started_at      TIMESTAMP NOT NULL,
    finished_at     TIMESTAMP,
    sources         VARCHAR[],
    articles_read   INTEGER,
    articles_added  INTEGER,
    articles_skipped INTEGER,
    events_added    INTEGER,
    errors          INTEGER,
    tocsin_version  VARCHAR,
    model           VARCHAR
);
