-- 0002: analysis views for common questions (documented with examples in docs/queries.md).
-- Built only on the public views of 0001 (postings, posting_skills, skills), so they keep working
-- when the tables behind those views change. Every count is of dedup clusters (the same job on
-- several sources or URLs counts once), never of raw rows. Owned by analysis/.

-- One row per dedup cluster. Facts come from the member with the smallest posting_id (stable);
-- week = ISO week (Monday) of the earliest posted_at, falling back to first_seen; the cluster is
-- open while any member is open.
CREATE VIEW posting_clusters AS
SELECT
    coalesce(cluster_id, posting_id)                           AS cluster_id,
    min(posting_id)                                            AS posting_id,
    arg_min(title, posting_id)                                 AS title,
    arg_min(company, posting_id)                               AS company,
    arg_min(url, posting_id)                                   AS url,
    arg_min(role_family, posting_id)                           AS role_family,
    arg_min(seniority, posting_id)                             AS seniority,
    count(*)                                                   AS postings,
    date_trunc('week', min(coalesce(posted_at, first_seen)))::DATE AS week,
    min(first_seen)                                            AS first_seen,
    max(last_seen)                                             AS last_seen,
    CASE WHEN bool_or(closed_at IS NULL) THEN NULL ELSE max(closed_at) END AS closed_at,
    bool_or(closed_at IS NULL)                                 AS is_open,
    arg_min((salary_annual_min + salary_annual_max) / 2, posting_id)
        FILTER (WHERE salary_annual_min IS NOT NULL AND salary_annual_max IS NOT NULL) AS salary_annual_mid,
    arg_min(salary_currency, posting_id)
        FILTER (WHERE salary_annual_min IS NOT NULL AND salary_annual_max IS NOT NULL) AS salary_currency
FROM postings
GROUP BY 1;

-- One row per (cluster, skill): required when any member requires it.
CREATE VIEW cluster_skills AS
SELECT
    coalesce(p.cluster_id, p.posting_id)                       AS cluster_id,
    s.skill,
    min(s.category)                                            AS category,
    CASE WHEN bool_or(s.requirement = 'required') THEN 'required' ELSE 'preferred' END AS requirement
FROM posting_skills s
JOIN postings p USING (posting_id)
GROUP BY 1, 2;

-- Skill demand by ISO week, role family and seniority: share of that week's clusters asking for
-- the skill, with a 95 % Wilson interval. small_week marks weeks with fewer than 10 clusters.
CREATE VIEW skill_demand_weekly AS
WITH totals AS (
    SELECT week, role_family, seniority, count(*) AS week_clusters
    FROM posting_clusters GROUP BY ALL
), asks AS (
    SELECT c.week, c.role_family, c.seniority, s.skill,
           count(*)                                            AS clusters,
           count(*) FILTER (WHERE s.requirement = 'required')  AS required_clusters
    FROM cluster_skills s JOIN posting_clusters c USING (cluster_id)
    GROUP BY ALL
), shares AS (
    SELECT a.*, t.week_clusters, a.clusters / t.week_clusters AS share, 1.959963984540054 AS z
    FROM asks a JOIN totals t USING (week, role_family, seniority)
)
SELECT
    week, role_family, seniority, skill, clusters, required_clusters, week_clusters, share,
    greatest(0.0, (share + z * z / (2 * week_clusters)
        - z * sqrt(share * (1 - share) / week_clusters + z * z / (4 * week_clusters * week_clusters)))
        / (1 + z * z / week_clusters))                         AS share_low,
    least(1.0, (share + z * z / (2 * week_clusters)
        + z * sqrt(share * (1 - share) / week_clusters + z * z / (4 * week_clusters * week_clusters)))
        / (1 + z * z / week_clusters))                         AS share_high,
    week_clusters < 10                                         AS small_week
FROM shares;

-- Skill pairs asked for together (each pair once, skill_a < skill_b), over all clusters:
-- lift > 1 means the pair appears together more often than if they were independent.
CREATE VIEW skill_cooccurrence AS
WITH n AS (SELECT count(*) AS total FROM posting_clusters),
per_skill AS (SELECT skill, count(*) AS clusters FROM cluster_skills GROUP BY skill),
pairs AS (
    SELECT a.skill AS skill_a, b.skill AS skill_b, count(*) AS clusters_both
    FROM cluster_skills a JOIN cluster_skills b ON a.cluster_id = b.cluster_id AND a.skill < b.skill
    GROUP BY ALL
)
SELECT
    p.skill_a, p.skill_b, p.clusters_both,
    sa.clusters AS clusters_a, sb.clusters AS clusters_b, n.total AS total_clusters,
    p.clusters_both * n.total / (sa.clusters * sb.clusters) AS lift
FROM pairs p
JOIN per_skill sa ON sa.skill = p.skill_a
JOIN per_skill sb ON sb.skill = p.skill_b
CROSS JOIN n;

-- Annualised pay (midpoint of salary_annual_min/max) of the clusters asking for each skill, by
-- seniority and currency. Quartiles are NULL below 10 clusters: never a figure from fewer.
CREATE VIEW salary_by_skill AS
SELECT
    s.skill, c.seniority, c.salary_currency AS currency,
    count(*)                                                   AS clusters,
    CASE WHEN count(*) >= 10 THEN quantile_cont(c.salary_annual_mid, 0.25) END AS p25,
    CASE WHEN count(*) >= 10 THEN quantile_cont(c.salary_annual_mid, 0.50) END AS p50,
    CASE WHEN count(*) >= 10 THEN quantile_cont(c.salary_annual_mid, 0.75) END AS p75
FROM cluster_skills s
JOIN posting_clusters c USING (cluster_id)
WHERE c.salary_annual_mid IS NOT NULL
GROUP BY ALL;

-- New vs active vs closed clusters per ISO week, role family and seniority. Active: first seen
-- by the end of the week and not closed before it started.
CREATE VIEW postings_weekly AS
WITH bounds AS (
    SELECT date_trunc('week', min(first_seen))::DATE AS lo,
           date_trunc('week', max(greatest(last_seen, coalesce(closed_at, last_seen))))::DATE AS hi
    FROM posting_clusters
), weeks AS (
    SELECT unnest(generate_series(lo, hi, INTERVAL 7 DAY))::DATE AS week FROM bounds WHERE lo IS NOT NULL
)
SELECT
    w.week, c.role_family, c.seniority,
    count(*) FILTER (WHERE date_trunc('week', c.first_seen)::DATE = w.week)       AS new_clusters,
    count(*) FILTER (WHERE c.first_seen < w.week + INTERVAL 7 DAY
                       AND (c.closed_at IS NULL OR c.closed_at >= w.week))        AS active_clusters,
    count(*) FILTER (WHERE date_trunc('week', c.closed_at)::DATE = w.week)        AS closed_clusters
FROM weeks w
CROSS JOIN posting_clusters c
GROUP BY ALL;
