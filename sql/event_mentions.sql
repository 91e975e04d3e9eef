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
