-- 0003: a dedup key from the posting's text (company + title + normalised description), so the
-- same job listed with differently written locations, or copied to another board, shares a
-- cluster. Postings stored before this migration get theirs the next time a run lists them.
ALTER TABLE posting_records ADD COLUMN text_key VARCHAR;
