-- 0012: drop the index on LSH band keys (0005). The near-duplicate query joins a batch's band keys
-- to posting_lsh, and DuckDB runs that join as a hash join over a scan of the table (EXPLAIN):
-- the index served no query, yet every stored posting paid for it (21 keys each) in write time and
-- file size. A cold ingest of 20k postings: database 177 -> 162 MB (RESULTS, "Ingest at scale").
DROP INDEX IF EXISTS posting_lsh_key;
