-- Whether the parser read the sentence: false where the cascade (tocsin.cascade) judged it
-- to hold no codable event and no context for one. Stored either way.
ALTER TABLE sentences ADD COLUMN parsed BOOLEAN NOT NULL DEFAULT TRUE;
