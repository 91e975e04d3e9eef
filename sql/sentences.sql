-- Sentence spans of the cleaned article text, with their detected language.
CREATE TABLE IF NOT EXISTS sentences (
    sentence_id   VARCHAR PRIMARY KEY,
    article_id    VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    text          VARCHAR NOT NULL,
    language      VARCHAR,
    language_prob DOUBLE
);
