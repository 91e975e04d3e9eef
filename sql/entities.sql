-- Entities referenced by mentions: knowledge-base rows and ids generated from names.
CREATE TABLE IF NOT EXISTS entities (
    entity_id VARCHAR PRIMARY KEY,
    type      VARCHAR NOT NULL,
    name_hi   VARCHAR,
    name_en   VARCHAR,
    country   VARCHAR,
    wikidata  VARCHAR,
    source    VARCHAR NOT NULL               -- kb | generated
);
-- The data dictionary: one comment per table and column (meaning, Unit:, Values:,
-- References:, Example:), read into CODEBOOK.md, datapackage.json and Parquet metadata.
COMMENT ON TABLE entities IS 'Entities that mentions refer to: knowledge-base rows (seeds/entities.csv) and ids generated from unmatched names.';
COMMENT ON COLUMN entities.entity_id IS
    'Entity key: type prefix and name (knowledge base) or type, name and hash (generated). Example: per_s_jaishankar.';
COMMENT ON COLUMN entities.type IS
    'Entity type. Values: PER | LOC | ORG | GPE | EVT | GRP. Example: PER.';
COMMENT ON COLUMN entities.name_hi IS
    'Name in Hindi (Devanagari). Example: एस. जयशंकर.';
COMMENT ON COLUMN entities.name_en IS
    'Name in English; empty or NULL when unknown. Example: S. Jaishankar.';
COMMENT ON COLUMN entities.country IS
    'ISO 3166-1 alpha-2 code of the entity''s country (a person''s, an organisation''s, a place''s), NULL when unknown. Example: IN.';
COMMENT ON COLUMN entities.wikidata IS
    'Wikidata item id, NULL when unknown. Example: Q1058.';
COMMENT ON COLUMN entities.source IS
    'Where the row comes from: the knowledge base or generated from a name found in the text. Values: kb | generated. Example: kb.';
