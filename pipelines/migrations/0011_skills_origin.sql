-- 0011: where each skill of the public `skills` view comes from (CONTRACTS §3, extended):
-- origin 'taxonomy' (curated, data/taxonomy.yaml), 'vocabulary' (the derived lists of
-- data/vocab) or 'discovered' (a name found in postings beyond both, extractors/discover.py,
-- stored under its normalised name). The column follows the contract's order (skill, category,
-- kind, aliases, origin); parent, an extension, moves after it.
--
-- taxonomy_skills gains `origin` (written by Store.sync_taxonomy); the copy of the taxonomy is
-- marked stale so that the next run writes it again with the origins. discovered_skills is
-- written with the mentions (Store.write_extractions): one row per discovered name that some
-- stored mention carries, with its most common surface as `display` (listed in `aliases`).
ALTER TABLE taxonomy_skills ADD COLUMN origin VARCHAR;

DELETE FROM board_digests WHERE source = '' AND board = 'taxonomy';

CREATE TABLE discovered_skills (
    skill    VARCHAR PRIMARY KEY,   -- the normalised name (what posting_skills.skill holds)
    display  VARCHAR NOT NULL,      -- its most common surface in the stored mentions
    category VARCHAR NOT NULL,
    kind     VARCHAR NOT NULL,
    mentions INTEGER NOT NULL
);

CREATE OR REPLACE VIEW skills AS
SELECT
    skill,
    category,
    coalesce(kind, CASE WHEN category = 'soft_skill' THEN 'soft' ELSE 'hard' END) AS kind,
    aliases,
    coalesce(origin, 'taxonomy') AS origin,
    parent
FROM taxonomy_skills
UNION ALL
SELECT
    d.skill,
    d.category,
    d.kind,
    CASE WHEN d.display <> d.skill THEN [d.display] ELSE []::VARCHAR[] END AS aliases,
    'discovered' AS origin,
    NULL::VARCHAR AS parent
FROM discovered_skills d
WHERE d.skill NOT IN (SELECT skill FROM taxonomy_skills);
