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
