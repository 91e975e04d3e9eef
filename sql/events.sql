-- One row per real-world event, merged from its reports in event_mentions.
CREATE TABLE IF NOT EXISTS events (
    event_id      VARCHAR PRIMARY KEY,
    type          VARCHAR NOT NULL,
    mode          VARCHAR,
    actors        VARCHAR[] NOT NULL,
    recipients    VARCHAR[] NOT NULL,
    location_id   VARCHAR,
    date_value    VARCHAR,
    start_date    DATE,
    end_date      DATE,
    precision     VARCHAR,
    status        VARCHAR NOT NULL,
    num_mentions  INTEGER NOT NULL,
    num_articles  INTEGER NOT NULL,
    first_seen_at DATE,
    confidence    DOUBLE NOT NULL,
    canonical_key VARCHAR NOT NULL
);
