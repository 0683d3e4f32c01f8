-- tocsin schema v90: LSH band keys stored with each MinHash signature, so that the stories
-- finalizer (tocsin.dedup) finds near-duplicate candidates by a join in DuckDB, a chunk of
-- new articles at a time, instead of building an index of every signature in memory
-- (docs/data.md, "article_signatures"; docs/scale.md, "Memory").
ALTER TABLE article_signatures ADD COLUMN band_layout VARCHAR;   -- e.g. '32x4': bands x rows
ALTER TABLE article_signatures ADD COLUMN band_keys UBIGINT[];   -- one key per band
