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
