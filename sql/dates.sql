-- Date and time expressions, normalised against the article's document date.
CREATE TABLE IF NOT EXISTS dates (
    date_id     VARCHAR PRIMARY KEY,
    article_id  VARCHAR NOT NULL,
    sentence_id VARCHAR NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    surface     VARCHAR NOT NULL,
    type        VARCHAR NOT NULL,              -- DATE | TIME | DURATION | SET
    value       VARCHAR,                       -- TIMEX3-style value
    start_date  DATE,
    end_date    DATE,
    precision   VARCHAR,
    anchor      VARCHAR NOT NULL               -- explicit | document | none
);
-- The data dictionary: one comment per table and column (meaning, Unit:, Values:,
-- References:, Example:), read into CODEBOOK.md, datapackage.json and Parquet metadata.
COMMENT ON TABLE dates IS 'Date and time expressions found in the text, normalised against the article''s publication date (TIMEX3-like).';
COMMENT ON COLUMN dates.date_id IS
    'Date expression key: hash of article, offsets and surface. Example: b8f71428cdedda78.';
COMMENT ON COLUMN dates.article_id IS
    'The article the expression is in. References: articles.article_id. Example: 109433b1249aed8e.';
COMMENT ON COLUMN dates.sentence_id IS
    'The sentence the expression is in. References: sentences.sentence_id. Example: 109433b1249aed8e-0002.';
COMMENT ON COLUMN dates.start_char IS
    'Start of the expression in articles.text, inclusive. Unit: code points. Example: 326.';
COMMENT ON COLUMN dates.end_char IS
    'End of the expression in articles.text, exclusive; text[start_char:end_char] = surface. Unit: code points. Example: 336.';
COMMENT ON COLUMN dates.surface IS
    'The expression as written in the text. Example: अगले महीने.';
COMMENT ON COLUMN dates.type IS
    'TIMEX3 type of the expression. Values: DATE | TIME | DURATION | SET. Example: DATE.';
COMMENT ON COLUMN dates.value IS
    'TIMEX3-style normalised value (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-Www, YYYY-Qn, P1D ...), NULL when it cannot be resolved. Example: 2025-12.';
COMMENT ON COLUMN dates.start_date IS
    'First day of the interval the expression denotes. Example: 2025-12-01.';
COMMENT ON COLUMN dates.end_date IS
    'Last day of that interval, inclusive. Example: 2025-12-31.';
COMMENT ON COLUMN dates.precision IS
    'Granularity of the interval. Values: day | week | month | quarter | half | year | decade | century. Example: month.';
COMMENT ON COLUMN dates.anchor IS
    'What the value was resolved against: an explicit date in the text, the publication date of the article, or nothing. Values: explicit | document | none. Example: document.';
