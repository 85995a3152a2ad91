-- 0009: years on the paths open to a fresh bachelor's or master's graduate (a doctorate-only path
-- left out: "PhD, or a Master's and 3+ years" -> 3), beside years_min (the labelling guide's
-- smallest path over every degree). entry_level reads it; the report's stretch tier (2 years
-- asked, or a degree beyond the profile's: `degree`) too. The postings view only gains columns.
ALTER TABLE posting_facts ADD COLUMN years_min_graduate DOUBLE;

CREATE OR REPLACE VIEW postings AS
SELECT
    r.posting_id, r.source, r.board, r.source_id, r.cluster_id, r.company, r.title, r.location,
    r.remote, r.url, r.description, r.posted_at, r.first_seen, r.last_seen, r.closed_at,
    coalesce(f.role_family, 'other') AS role_family,
    coalesce(f.seniority, 'unknown') AS seniority,
    f.entry_level, f.years_min, f.salary_min, f.salary_max, f.salary_currency, f.salary_period,
    -- extensions (CONTRACTS allows new columns)
    r.content_hash, f.degree, f.visa_sponsorship, f.remote_type, f.experience_inflated,
    f.salary_text, f.salary_annual_min, f.salary_annual_max, f.extractor_version, r.attribution,
    r.updated_at, f.years_min_graduate
FROM posting_records r
LEFT JOIN posting_facts f
       ON f.posting_id = r.posting_id AND f.content_hash = r.content_hash;
