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
-- The data dictionary: one comment per table and column (meaning, Unit:, Values:,
-- References:, Example:), read into CODEBOOK.md, datapackage.json and Parquet metadata.
COMMENT ON TABLE sentences IS 'Sentence spans of the cleaned article text, with their detected language.';
COMMENT ON COLUMN sentences.sentence_id IS
    'Sentence key: the article id and the sentence''s 4-digit index. Example: 109433b1249aed8e-0000.';
COMMENT ON COLUMN sentences.article_id IS
    'The article it belongs to. References: articles.article_id. Example: 109433b1249aed8e.';
COMMENT ON COLUMN sentences.sentence_index IS
    'Position of the sentence in its article, from 0. Example: 0.';
COMMENT ON COLUMN sentences.start_char IS
    'Start of the sentence in articles.text, inclusive. Unit: code points. Example: 0.';
COMMENT ON COLUMN sentences.end_char IS
    'End of the sentence in articles.text, exclusive; text[start_char:end_char] = text. Unit: code points. Example: 39.';
COMMENT ON COLUMN sentences.text IS
    'The sentence as it is in articles.text. Left out by export --no-text. Example: एस जयशंकर ने रूस के उप PM से की मुलाकात.';
COMMENT ON COLUMN sentences.language IS
    'ISO 639-1 code detected for the sentence, NULL when undetectable. Example: hi.';
COMMENT ON COLUMN sentences.language_prob IS
    'Probability langdetect gives to language. Unit: probability 0-1. Example: 1.0.';
