-- 0006: why a posting's extraction failed, and which process ran each ingest.
-- A posting the extractor could not handle gets empty facts (so it is not retried on every run)
-- and the reason here; NULL when extraction succeeded.
ALTER TABLE posting_facts ADD COLUMN extract_error VARCHAR;
-- The process (pid@host) that ran the ingest; a run still marked 'running' whose process no
-- longer holds the writer lock is set to 'abandoned' by the next writer.
ALTER TABLE run_log ADD COLUMN owner VARCHAR;
