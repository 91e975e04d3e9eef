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
-- The data dictionary: one comment per table and column (meaning, Unit:, Values:,
-- References:, Example:), read into CODEBOOK.md, datapackage.json and Parquet metadata.
COMMENT ON TABLE runs IS 'One row per pipeline run: what it read, whether validation passed, what it published. Operational: not part of the published dataset.';
COMMENT ON COLUMN runs.run_id IS
    'Run key: UTC start time and a random suffix. Example: 20261204T191610-2f264d58.';
COMMENT ON COLUMN runs.started_at IS
    'When the run started. Unit: UTC timestamp. Example: 2026-12-04 19:16:10.';
COMMENT ON COLUMN runs.finished_at IS
    'When it finished, NULL while running or after a crash. Unit: UTC timestamp. Example: 2026-12-04 19:16:16.';
COMMENT ON COLUMN runs.status IS
    'Outcome of the run. Values: running | published | unchanged | failed | crashed. Example: published.';
COMMENT ON COLUMN runs.input_dir IS
    'The input directory it read. Example: /data/inbox.';
COMMENT ON COLUMN runs.input_hash IS
    'Hash of the input files'' names and contents. Example: b7ff62157e1d6eb9.';
COMMENT ON COLUMN runs.code_version IS
    'khabar version and git commit of the code that ran. Example: 0.1.0+9ed94d2.';
COMMENT ON COLUMN runs.n_files IS
    'Input files seen. Unit: count. Example: 5.';
COMMENT ON COLUMN runs.n_new_articles IS
    'Articles not in the warehouse before. Unit: count. Example: 5.';
COMMENT ON COLUMN runs.n_quarantined IS
    'Files quarantined by this run. Unit: count. Example: 0.';
COMMENT ON COLUMN runs.version IS
    'Dataset version it published, NULL when it published none. Example: 1.';
COMMENT ON COLUMN runs.validation IS
    'Summary of the quality gate (JSON: success, evaluated, failed, tables). Example: {"success": true, "evaluated": 72, "failed": 0}.';
COMMENT ON COLUMN runs.failures IS
    'One line per failed expectation or error. Example: [mentions: expect_column_values_to_not_be_null(entity_id)].';
