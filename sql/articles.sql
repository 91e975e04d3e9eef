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
-- The data dictionary: one comment per table and column (meaning, Unit:, Values:,
-- References:, Example:), read into CODEBOOK.md, datapackage.json and Parquet metadata.
COMMENT ON TABLE articles IS 'One row per distinct article text; the same text under two file names is one row listing both paths.';
COMMENT ON COLUMN articles.article_id IS
    'Article key: the first 16 hex digits of a hash of the decoded text, so the same text always gets the same id. Example: 109433b1249aed8e.';
COMMENT ON COLUMN articles.paths IS
    'Input file names (relative to the input directory) that held this text. Example: [002_03b18ca955abb4e3.txt].';
COMMENT ON COLUMN articles.source IS
    'Source or publisher named in the input metadata CSV (articles.csv), NULL when not given. Example: seed.';
COMMENT ON COLUMN articles.url IS
    'The article''s URL from the input metadata CSV, NULL when not given. Example: https://example.org/news/1.';
COMMENT ON COLUMN articles.published_date IS
    'Publication date from the input metadata CSV; relative dates in the text are resolved against it. Example: 2025-11-19.';
COMMENT ON COLUMN articles.raw_text IS
    'The decoded input text before cleaning. Left out by export --no-text. Example: नई दिल्ली: विदेश मंत्री एस. जयशंकर ने ...';
COMMENT ON COLUMN articles.text IS
    'The cleaned text (Unicode NFC, page furniture removed); every start_char/end_char offset of every table points into it. Left out by export --no-text. Example: एस जयशंकर ने रूस के उप PM से की मुलाकात ...';
COMMENT ON COLUMN articles.offset_map IS
    'Runs (clean_start, raw_start, length) flattened into one list, mapping offsets in text back to raw_text. Unit: code points. Example: [0, 0, 120, 120, 135, 80].';
COMMENT ON COLUMN articles.language IS
    'ISO 639-1 code of the language detected for the whole text (langdetect), NULL when undetectable. Example: hi.';
COMMENT ON COLUMN articles.language_prob IS
    'Probability langdetect gives to language. Unit: probability 0-1. Example: 1.0.';
COMMENT ON COLUMN articles.n_chars IS
    'Length of text. Unit: code points. Example: 2245.';
COMMENT ON COLUMN articles.n_removed_chars IS
    'Code points removed from raw_text by cleaning (page furniture and noise). Unit: code points. Example: 157.';
