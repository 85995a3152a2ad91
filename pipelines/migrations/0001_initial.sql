-- 0001: the posting store, extraction results, run logs and the public views of CONTRACTS §3.
-- Tables are internal (free to change in later migrations); the views are the user-facing promise.

CREATE TABLE posting_records (
    posting_id   VARCHAR PRIMARY KEY,      -- '<source>:<board>:<source_id>', stable across runs
    source       VARCHAR NOT NULL,
    board        VARCHAR,                  -- '' for single-feed sources
    source_id    VARCHAR NOT NULL,
    cluster_id   VARCHAR NOT NULL,
    canonical_url VARCHAR,
    company      VARCHAR,
    title        VARCHAR NOT NULL,
    location     VARCHAR,
    remote       BOOLEAN,
    url          VARCHAR,
    description  VARCHAR NOT NULL,         -- plain text; extraction offsets index it
    posted_at    TIMESTAMP,
    updated_at   TIMESTAMP,
    first_seen   TIMESTAMP NOT NULL,
    last_seen    TIMESTAMP NOT NULL,
    closed_at    TIMESTAMP,
    content_hash VARCHAR NOT NULL,
    attribution  VARCHAR,
    extra        JSON,                     -- source-specific leftovers
    raw          JSON NOT NULL             -- the payload as the source sent it (latest version)
);

CREATE TABLE posting_facts (
    posting_id          VARCHAR PRIMARY KEY,
    content_hash        VARCHAR NOT NULL,  -- the posting version these facts were extracted from
    extractor_version   VARCHAR NOT NULL,
    extracted_at        TIMESTAMP NOT NULL,
    role_family         VARCHAR NOT NULL,
    seniority           VARCHAR NOT NULL,
    entry_level         BOOLEAN,
    years_min           DOUBLE,
    experience_inflated BOOLEAN,
    degree              VARCHAR,
    salary_min          DOUBLE,
    salary_max          DOUBLE,
    salary_currency     VARCHAR,
    salary_period       VARCHAR,
    salary_text         VARCHAR,
    salary_annual_min   DOUBLE,
    salary_annual_max   DOUBLE,
    visa_sponsorship    BOOLEAN,
    remote_type         VARCHAR
);

CREATE TABLE skill_mentions (
    posting_id        VARCHAR NOT NULL,
    skill             VARCHAR NOT NULL,
    category          VARCHAR,
    requirement       VARCHAR NOT NULL,
    "start"           INTEGER NOT NULL,
    "end"             INTEGER NOT NULL,
    text              VARCHAR,
    evidence          VARCHAR,
    section           VARCHAR,
    extractor_version VARCHAR NOT NULL,
    PRIMARY KEY (posting_id, "start", "end", skill)
);

CREATE TABLE taxonomy_skills (
    skill    VARCHAR PRIMARY KEY,
    category VARCHAR NOT NULL,
    aliases  VARCHAR[] NOT NULL,
    parent   VARCHAR,
    kind     VARCHAR
);

CREATE TABLE run_log (
    run_id      VARCHAR PRIMARY KEY,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status      VARCHAR NOT NULL           -- running | ok | partial | failed
);

CREATE TABLE source_run_log (
    run_id  VARCHAR NOT NULL,
    source  VARCHAR NOT NULL,
    board   VARCHAR NOT NULL,
    status  VARCHAR NOT NULL,              -- ok | failed | skipped
    fetched INTEGER NOT NULL DEFAULT 0,
    new     INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    closed  INTEGER NOT NULL DEFAULT 0,
    error   VARCHAR,
    PRIMARY KEY (run_id, source, board)
);

CREATE VIEW postings AS
SELECT
    r.posting_id, r.source, r.board, r.source_id, r.cluster_id, r.company, r.title, r.location,
    r.remote, r.url, r.description, r.posted_at, r.first_seen, r.last_seen, r.closed_at,
    coalesce(f.role_family, 'other') AS role_family,
    coalesce(f.seniority, 'unknown') AS seniority,
    f.entry_level, f.years_min, f.salary_min, f.salary_max, f.salary_currency, f.salary_period,
    -- extensions (CONTRACTS allows new columns)
    r.content_hash, f.degree, f.visa_sponsorship, f.remote_type, f.experience_inflated,
    f.salary_text, f.salary_annual_min, f.salary_annual_max, f.extractor_version, r.attribution,
    r.updated_at
FROM posting_records r
LEFT JOIN posting_facts f
       ON f.posting_id = r.posting_id AND f.content_hash = r.content_hash;

CREATE VIEW posting_skills AS
SELECT m.posting_id, m.skill, m.category, m.requirement, m."start", m."end", m.evidence,
       m.text, m.section, m.extractor_version
FROM skill_mentions m;

CREATE VIEW skills AS
SELECT skill, category, aliases, parent, kind FROM taxonomy_skills;

CREATE VIEW ingest_runs AS
SELECT run_id, started_at, finished_at, status FROM run_log;

CREATE VIEW source_runs AS
SELECT run_id, source, board, status, fetched, new, updated, closed, error FROM source_run_log;
