-- 0010: alternatives a posting offers ("AWS, GCP or Azure"): mentions of one posting sharing an
-- alt_group are one requirement met by any member (extractors/alternatives.py). NULL: no group.
-- The public posting_skills view gains the column (added, nothing renamed). Read by analysis/load.py.
ALTER TABLE skill_mentions ADD COLUMN alt_group INTEGER;

CREATE OR REPLACE VIEW posting_skills AS
SELECT m.posting_id, m.skill, m.category, m.requirement, m."start", m."end", m.evidence,
       m.text, m.section, m.extractor_version, m.alt_group
FROM skill_mentions m;
