-- Every report of an event: which article and sentence, the trigger and the actors' spans.
CREATE TABLE IF NOT EXISTS event_mentions (
    event_mention_id VARCHAR PRIMARY KEY,
    event_id      VARCHAR NOT NULL,
    article_id    VARCHAR NOT NULL,
    sentence_id   VARCHAR NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end   INTEGER NOT NULL,
    trigger       VARCHAR NOT NULL,
    type          VARCHAR NOT NULL,
    mode          VARCHAR,
    status        VARCHAR NOT NULL,
    actors        VARCHAR[] NOT NULL,
    recipients    VARCHAR[] NOT NULL,
    location_id   VARCHAR,
    date_value    VARCHAR,
    date_source   VARCHAR NOT NULL,            -- sentence | article | document (ongoing as published) | none
    negated       BOOLEAN NOT NULL,
    actor_spans   INTEGER[] NOT NULL,          -- (start, end) pairs, flattened
    confidence    DOUBLE NOT NULL,
    start_date    DATE,                        -- the interval of this mention's own date
    end_date      DATE,
    precision     VARCHAR
);
-- The data dictionary: one comment per table and column (meaning, Unit:, Values:,
-- References:, Example:), read into CODEBOOK.md, datapackage.json and Parquet metadata.
COMMENT ON TABLE event_mentions IS 'Every report of an event: the article and sentence, the trigger word and the participants as that sentence gives them.';
COMMENT ON COLUMN event_mentions.event_mention_id IS
    'Event mention key: hash of article, sentence and trigger offsets. Example: cf2a8886247a6ee3.';
COMMENT ON COLUMN event_mentions.event_id IS
    'The merged event this report belongs to. References: events.event_id. Example: bd10144b6f1331fe.';
COMMENT ON COLUMN event_mentions.article_id IS
    'The article of the report. References: articles.article_id. Example: 109433b1249aed8e.';
COMMENT ON COLUMN event_mentions.sentence_id IS
    'The sentence of the report. References: sentences.sentence_id. Example: 109433b1249aed8e-0000.';
COMMENT ON COLUMN event_mentions.trigger_start IS
    'Start of the trigger in articles.text, inclusive. Unit: code points. Example: 32.';
COMMENT ON COLUMN event_mentions.trigger_end IS
    'End of the trigger in articles.text, exclusive; text[trigger_start:trigger_end] = trigger. Unit: code points. Example: 39.';
COMMENT ON COLUMN event_mentions.trigger IS
    'The trigger word or phrase as written. Example: मुलाकात.';
COMMENT ON COLUMN event_mentions.type IS
    'PLOVER event type. Values: CONSULT | AGREE | SUPPORT | COOPERATE | AID | REQUEST | ACCUSE | REJECT | THREATEN | PROTEST | SANCTION | COERCE | ASSAULT | MOBILIZE | RETREAT | CONCEDE. Example: CONSULT.';
COMMENT ON COLUMN event_mentions.mode IS
    'PLOVER mode of the event where the trigger gives one, NULL otherwise. Values: meet | multilateral | phone | visit. Example: meet.';
COMMENT ON COLUMN event_mentions.status IS
    'Whether the sentence reports the event as done, in progress, announced for the future, or only as a claim. Values: occurred | ongoing | planned | reported. Example: occurred.';
COMMENT ON COLUMN event_mentions.actors IS
    'Entity ids of the event''s source actors. References: entities.entity_id (each element). Example: [per_s_jaishankar, per_vladimir_putin].';
COMMENT ON COLUMN event_mentions.recipients IS
    'Entity ids of the event''s targets. References: entities.entity_id (each element). Example: [loc_russia].';
COMMENT ON COLUMN event_mentions.location_id IS
    'Entity id of the place the sentence names for the event, NULL when none. References: entities.entity_id. Example: loc_moscow.';
COMMENT ON COLUMN event_mentions.date_value IS
    'TIMEX3-style value of this report''s date, NULL when undated. Example: 2025-08-21.';
COMMENT ON COLUMN event_mentions.date_source IS
    'Where this report''s date comes from: a date in the sentence, the one date the article names, the publication date (ongoing events as published), or none. Values: sentence | article | document | none. Example: sentence.';
COMMENT ON COLUMN event_mentions.negated IS
    'True when the sentence denies the event (did not meet). Example: false.';
COMMENT ON COLUMN event_mentions.actor_spans IS
    '(start, end) offsets into articles.text of the actors'' mentions, flattened. Unit: code points. Example: [0, 9, 14, 20].';
COMMENT ON COLUMN event_mentions.confidence IS
    'Score of the trigger and its participants. Unit: score 0-1. Example: 0.586.';
COMMENT ON COLUMN event_mentions.start_date IS
    'First day of this report''s own date interval. Example: 2025-08-21.';
COMMENT ON COLUMN event_mentions.end_date IS
    'Last day of that interval, inclusive. Example: 2025-08-21.';
COMMENT ON COLUMN event_mentions.precision IS
    'Granularity of this report''s date. Values: day | week | month | quarter | half | year | decade | century. Example: day.';
