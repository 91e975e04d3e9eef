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
-- The data dictionary: one comment per table and column (meaning, Unit:, Values:,
-- References:, Example:), read into CODEBOOK.md, datapackage.json and Parquet metadata.
COMMENT ON TABLE mentions IS 'Entity mentions: a span of the cleaned text linked to an entity id.';
COMMENT ON COLUMN mentions.mention_id IS
    'Mention key: hash of article and offsets. Example: 44865f279f1e8981.';
COMMENT ON COLUMN mentions.article_id IS
    'The article of the mention. References: articles.article_id. Example: 109433b1249aed8e.';
COMMENT ON COLUMN mentions.sentence_id IS
    'The sentence of the mention. References: sentences.sentence_id. Example: 109433b1249aed8e-0000.';
COMMENT ON COLUMN mentions.start_char IS
    'Start of the mention in articles.text, inclusive. Unit: code points. Example: 0.';
COMMENT ON COLUMN mentions.end_char IS
    'End of the mention in articles.text, exclusive; text[start_char:end_char] = surface. Unit: code points. Example: 9.';
COMMENT ON COLUMN mentions.surface IS
    'The mention as written. Example: एस जयशंकर.';
COMMENT ON COLUMN mentions.label IS
    'Entity type of the mention. Values: PER | LOC | ORG | GPE | EVT | GRP. Example: PER.';
COMMENT ON COLUMN mentions.entity_id IS
    'The entity it refers to. References: entities.entity_id. Example: per_s_jaishankar.';
COMMENT ON COLUMN mentions.role IS
    'Title or office written before a person''s name, NULL when none. Example: विदेश मंत्री.';
COMMENT ON COLUMN mentions.method IS
    'How the mention was found and linked: gazetteer match, fuzzy match, short form of a name seen earlier, the NER model, a generated id for an unknown name, or a group noun. Values: gazetteer | fuzzy | short_form | model | generated | group. Example: gazetteer.';
COMMENT ON COLUMN mentions.confidence IS
    'Score of the match and link. Unit: score 0-1. Example: 1.0.';
