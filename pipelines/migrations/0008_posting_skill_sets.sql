-- 0008: each posting's distinct skills, pre-grouped from its mentions as small integer ids, so the
-- gap report reads one short row per posting instead of grouping every (posting, skill) mention
-- (14M rows at 1M postings). Internal tables (not public views), derived from skill_mentions:
-- the store rewrites a posting's row in the same transaction as its mentions
-- (Store.write_extractions) and Store.open rebuilds them when they disagree with skill_mentions
-- (a hand-made DELETE, e.g. pruning); the report groups skill_mentions itself while they disagree.
-- Read by analysis/load.py and analysis/trends.py.

-- A skill's id never changes once given (ids are only added).
CREATE TABLE skill_ids (
    sid   INTEGER PRIMARY KEY,
    skill VARCHAR NOT NULL UNIQUE
);

CREATE TABLE posting_skill_sets (
    posting_id VARCHAR NOT NULL,
    required   INTEGER[] NOT NULL,   -- sids of the skills some mention requires, sorted
    preferred  INTEGER[] NOT NULL,   -- sids of the skills only ever preferred, sorted
    mentions   INTEGER NOT NULL      -- skill_mentions rows summarised (consistency check)
);

-- rebuild: (Store.repair_skill_sets runs the statements from here on, after emptying the table)
INSERT INTO skill_ids
SELECT (SELECT coalesce(max(sid), 0) FROM skill_ids) + row_number() OVER (ORDER BY skill), skill
FROM (SELECT DISTINCT skill FROM skill_mentions WHERE skill NOT IN (SELECT skill FROM skill_ids));

INSERT INTO posting_skill_sets (posting_id, required, preferred, mentions)
SELECT posting_id,
       coalesce(list(sid ORDER BY sid) FILTER (WHERE req), []::INTEGER[]),
       coalesce(list(sid ORDER BY sid) FILTER (WHERE NOT req), []::INTEGER[]),
       sum(n)::INTEGER
FROM (SELECT m.posting_id, k.sid, bool_or(m.requirement = 'required') AS req, count(*) AS n
      FROM skill_mentions m JOIN skill_ids k USING (skill) GROUP BY m.posting_id, k.sid)
GROUP BY posting_id;
