-- Where in the article a sentence stands: 'headline' or 'body' (tocsin.shape).
ALTER TABLE sentences ADD COLUMN kind VARCHAR NOT NULL DEFAULT 'body';
