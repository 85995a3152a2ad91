-- 0013: the alternatives each posting offers (0010's alt_group), pre-grouped beside its skill set
-- (0008), so that the gap report reads them from the same short row instead of scanning every
-- mention for the ~3 % that have an alt_group (0.2 s wall of a 1M-posting report, RESULTS).
-- alt_sids: the sids of the posting's skills offered in some group of >= 2 distinct skills, sorted;
-- alt_mins[i]: the smallest sid of any such group alt_sids[i] is in (the requirement it counts
-- for). NULL (both): the posting offers no alternatives. Written with the rest of the row
-- (Store.write_extractions); rebuilt with it (Store.repair_skill_sets runs 0008's rebuild, then
-- this file's). Read by analysis/load.py when the columns are there.
ALTER TABLE posting_skill_sets ADD COLUMN alt_sids INTEGER[];
ALTER TABLE posting_skill_sets ADD COLUMN alt_mins INTEGER[];

-- rebuild: (Store.repair_skill_sets runs the statements from here on, after 0008's)
UPDATE posting_skill_sets s SET alt_sids = a.sids, alt_mins = a.mins
FROM (
    WITH m AS (
        SELECT m.posting_id, k.sid, m.alt_group AS g
        FROM skill_mentions m JOIN skill_ids k USING (skill) WHERE m.alt_group IS NOT NULL
    ), g AS (
        SELECT posting_id, g, min(sid) AS gmin FROM m GROUP BY 1, 2 HAVING count(DISTINCT sid) > 1
    ), p AS (
        SELECT m.posting_id, m.sid, min(g.gmin) AS gmin FROM m JOIN g USING (posting_id, g) GROUP BY 1, 2
    )
    SELECT posting_id, list(sid ORDER BY sid) AS sids, list(gmin ORDER BY sid) AS mins FROM p GROUP BY 1
) a
WHERE a.posting_id = s.posting_id;
