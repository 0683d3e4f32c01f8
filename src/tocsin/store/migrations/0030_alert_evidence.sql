-- tocsin schema: where event dates come from, why alerts fired, why crossings matched.
-- Documented in docs/data.md and docs/monitoring.md.

-- text | published | caption | strip | repeated (tocsin.enrich.blocks, the dates stage);
-- NULL for events stored before this column existed (treated as 'published').
ALTER TABLE events ADD COLUMN date_source VARCHAR;

-- Why an alert fired and how sure it is (tocsin.monitor.alerts).
ALTER TABLE alerts ADD COLUMN reason VARCHAR;        -- the evidence in words
ALTER TABLE alerts ADD COLUMN confidence DOUBLE;     -- 0..1, from its events' confidence
ALTER TABLE alerts ADD COLUMN sources INTEGER;       -- independent sources behind it
ALTER TABLE alerts ADD COLUMN quoted BOOLEAN;        -- a direct quotation carries it

-- A line drawn with "unless" (the act whose absence triggers the consequence) or "if".
ALTER TABLE redlines ADD COLUMN polarity VARCHAR;
ALTER TABLE redlines ADD COLUMN compliances INTEGER;
-- Each crossing's match, part by part: actor, act, target, weapon, dates, confidence.
ALTER TABLE redline_crossings ADD COLUMN match JSON;

-- Events that do what an "unless" line asks (compliance, not a crossing).
CREATE TABLE redline_compliance (
    redline_id   VARCHAR NOT NULL,
    event_id     VARCHAR NOT NULL,
    article_id   VARCHAR NOT NULL,
    date         DATE,
    reason       VARCHAR NOT NULL,
    match        JSON,
    PRIMARY KEY (redline_id, event_id)
);
