-- 0007: what each board listed at its last successful store, so a nightly run that finds a board
-- unchanged (same records, same parser code) skips parsing and upserting it: it only refreshes
-- last_seen. Internal table (not a public view).
CREATE TABLE board_digests (
    source     VARCHAR NOT NULL,
    board      VARCHAR NOT NULL,
    digest     VARCHAR NOT NULL,   -- sha256 of the parser code version + the board's records
    stored     INTEGER NOT NULL,   -- open postings the board had after that store
    skipped    INTEGER NOT NULL,   -- records it listed that could not be stored
    skip_note  VARCHAR,
    stored_at  TIMESTAMP NOT NULL,
    PRIMARY KEY (source, board)
);
