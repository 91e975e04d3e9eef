-- One row per pipeline run: what it read, whether validation passed, what it published.
CREATE TABLE IF NOT EXISTS runs (
    run_id         VARCHAR PRIMARY KEY,
    started_at     TIMESTAMP NOT NULL,
    finished_at    TIMESTAMP,
    status         VARCHAR NOT NULL,           -- running | published | unchanged | failed | crashed
    input_dir      VARCHAR,
    input_hash     VARCHAR,
    code_version   VARCHAR NOT NULL,
    n_files        INTEGER,
    n_new_articles INTEGER,
    n_quarantined  INTEGER,
    version        INTEGER,
    validation     JSON,
    failures       VARCHAR[]
);
