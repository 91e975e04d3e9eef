-- Entity mentions: a span of the cleaned text linked to an entity id.
CREATE TABLE IF NOT EXISTS mentions (
    mention_id  VARCHAR PRIMARY KEY,
    article_id  VARCHAR NOT NULL,
    sentence_id VARCHAR NOT NULL,
    start_char  INTEGER NOT NULL,
    end_char    INTEGER NOT NULL,
    surface     VARCHAR NOT NULL,
    label       VARCHAR NOT NULL,
    entity_id   VARCHAR NOT NULL,
    role        VARCHAR,
    method      VARCHAR NOT NULL,
    confidence  DOUBLE NOT NULL
);
