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
