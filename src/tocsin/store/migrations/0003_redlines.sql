-- tocsin schema v3: the red-line ledger (rebuilt by the `redlines` finalizer).
-- A red line is a conditional threat; its restatements share an id (threats.threat_key).

CREATE TABLE redlines (
    id                      VARCHAR PRIMARY KEY,   -- threats.threat_key
    issuer_code             VARCHAR,
    issuer_sector           VARCHAR,
    addressee_code          VARCHAR,
    condition_text          VARCHAR,               -- as first stated
    condition               JSON,                  -- structured: actor, type, target, weapon_class
    consequence_text        VARCHAR,
    consequence_type        VARCHAR,
    nuclear                 BOOLEAN NOT NULL,
    framing                 VARCHAR[],
    first_stated            DATE,
    last_stated             DATE,
    statements              INTEGER NOT NULL,      -- times stated (threats sharing the key)
    articles                INTEGER NOT NULL,      -- distinct articles stating it
    crossings               INTEGER NOT NULL,
    first_crossed           DATE,
    consequence_followed    BOOLEAN NOT NULL,
    consequence_date        DATE
);

CREATE TABLE redline_statements (
    redline_id   VARCHAR NOT NULL,
    threat_id    VARCHAR NOT NULL,
    article_id   VARCHAR NOT NULL,
    date         DATE,
    PRIMARY KEY (redline_id, threat_id)
);

CREATE TABLE redline_crossings (
    redline_id   VARCHAR NOT NULL,
    event_id     VARCHAR NOT NULL,
    article_id   VARCHAR NOT NULL,
    date         DATE,
    reason       VARCHAR NOT NULL,             -- which parts of the condition matched
    PRIMARY KEY (redline_id, event_id)
);

CREATE TABLE redline_consequences (
    redline_id   VARCHAR NOT NULL,
    event_id     VARCHAR NOT NULL,
    article_id   VARCHAR NOT NULL,
    date         DATE,
    PRIMARY KEY (redline_id, event_id)
);
