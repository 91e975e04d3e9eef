-- Inputs that could not be processed, with a reason a person can act on.
CREATE TABLE IF NOT EXISTS quarantine (
    quarantine_id VARCHAR PRIMARY KEY,         -- hash of path and content hash
    path          VARCHAR NOT NULL,
    content_hash  VARCHAR,
    stage         VARCHAR NOT NULL,
    reason        VARCHAR NOT NULL,            -- empty | binary | encoding | too_large | metadata | unreadable | link | special | error
    detail        VARCHAR NOT NULL,
    attempts      INTEGER NOT NULL,
    first_run_id  VARCHAR NOT NULL,
    last_run_id   VARCHAR NOT NULL
);
-- The data dictionary: one comment per table and column (meaning, Unit:, Values:,
-- References:, Example:), read into CODEBOOK.md, datapackage.json and Parquet metadata.
COMMENT ON TABLE quarantine IS 'Input files that could not be processed, with a reason a person can act on. Operational: not part of the published dataset.';
COMMENT ON COLUMN quarantine.quarantine_id IS
    'Quarantine key: hash of path and content hash. Example: 5d41402abc4b2a76.';
COMMENT ON COLUMN quarantine.path IS
    'Input file name relative to the input directory. Example: 007_broken.txt.';
COMMENT ON COLUMN quarantine.content_hash IS
    'Hash of the file''s bytes, NULL when the file could not be read. Example: 9f86d081884c7d65.';
COMMENT ON COLUMN quarantine.stage IS
    'The stage that rejected it: load (reading and decoding the file), or the language step that raised. Values: load | clean | language | segment | entities | dates | events. Example: load.';
COMMENT ON COLUMN quarantine.reason IS
    'Why it was rejected. Values: empty | binary | encoding | too_large | metadata | unreadable | link | special | error. Example: encoding.';
COMMENT ON COLUMN quarantine.detail IS
    'What exactly was wrong, in words. Example: not UTF-8 at byte 17.';
COMMENT ON COLUMN quarantine.attempts IS
    'Runs that have tried this file (same path and content). Unit: count. Example: 1.';
COMMENT ON COLUMN quarantine.first_run_id IS
    'The run that first rejected it. References: runs.run_id. Example: 20261204T191610-2f264d58.';
COMMENT ON COLUMN quarantine.last_run_id IS
    'The latest run that rejected it. References: runs.run_id. Example: 20261204T191610-2f264d58.';
