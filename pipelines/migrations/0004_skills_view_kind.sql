-- 0004: the public `skills` view as CONTRACTS promises it: skill, category, kind, aliases (then
-- parent, an extension). `kind` is never NULL: a row synced without one is 'soft' for the
-- soft_skill category and 'hard' otherwise, the taxonomy's own default. Owned by analysis/.
CREATE OR REPLACE VIEW skills AS
SELECT
    skill,
    category,
    coalesce(kind, CASE WHEN category = 'soft_skill' THEN 'soft' ELSE 'hard' END) AS kind,
    aliases,
    parent
FROM taxonomy_skills;
