-- 0005: skipped records per board, and the near-duplicate (MinHash LSH) index.

-- Records a board listed that could not be stored (no title, deleted, hidden...): counted per
-- board and run; the reasons go in `error` for ok boards (CONTRACTS §3 source_runs.skipped).
-- Appended after `error`, so the columns of 0001 keep their positions.
ALTER TABLE source_run_log ADD COLUMN skipped INTEGER DEFAULT 0;

CREATE OR REPLACE VIEW source_runs AS
SELECT run_id, source, board, status, fetched, new, updated, closed, error, coalesce(skipped, 0) AS skipped
FROM source_run_log;

-- MinHash signature of each posting's description (word shingles; pipelines/dedup.py), kept
-- while the content is unchanged, so a run compares only new or changed postings.
CREATE TABLE posting_minhash (
    posting_id   VARCHAR PRIMARY KEY,
    content_hash VARCHAR NOT NULL,   -- the posting version the signature was computed from
    shingles     INTEGER NOT NULL,   -- number of distinct shingles (text length in shingles)
    signature    UBIGINT[] NOT NULL
);

-- LSH band keys: postings sharing any band key are near-duplicate candidates. Matching a new
-- posting is one join on band_key, never a comparison with every stored posting.
CREATE TABLE posting_lsh (
    band_key   UBIGINT NOT NULL,     -- hash of (band number, the band's signature values)
    posting_id VARCHAR NOT NULL
);
CREATE INDEX posting_lsh_key ON posting_lsh (band_key);
