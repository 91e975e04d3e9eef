-- One row per distinct article text; the id is a hash of the decoded text, so the same
-- article under two file names is one row listing both paths.
CREATE TABLE IF NOT EXISTS articles (
    article_id      VARCHAR PRIMARY KEY,
    paths           VARCHAR[] NOT NULL,
    source          VARCHAR,
    url             VARCHAR,
    published_date  DATE,
    raw_text        VARCHAR NOT NULL,
    text            VARCHAR NOT NULL,          -- cleaned text: every offset points here
    offset_map      INTEGER[] NOT NULL,        -- runs (clean_start, raw_start, length), flattened
    language        VARCHAR,
    language_prob   DOUBLE,
    n_chars         INTEGER NOT NULL,
    n_removed_chars INTEGER NOT NULL           -- page furniture and noise removed by clean
);
