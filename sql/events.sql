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
-- The data dictionary: one comment per table and column (meaning, Unit:, Values:,
-- References:, Example:), read into CODEBOOK.md, datapackage.json and Parquet metadata.
COMMENT ON TABLE events IS 'One row per real-world event, merged from its reports in event_mentions (same type, mode, participants, compatible dates and place).';
COMMENT ON COLUMN events.event_id IS
    'Event key: hash of the event''s defining reports. Example: 026b41c09431445f.';
COMMENT ON COLUMN events.type IS
    'PLOVER event type. Values: CONSULT | AGREE | SUPPORT | COOPERATE | AID | REQUEST | ACCUSE | REJECT | THREATEN | PROTEST | SANCTION | COERCE | ASSAULT | MOBILIZE | RETREAT | CONCEDE. Example: CONSULT.';
COMMENT ON COLUMN events.mode IS
    'PLOVER mode, NULL when no report gives one. Values: meet | multilateral | phone | visit. Example: meet.';
COMMENT ON COLUMN events.actors IS
    'Entity ids of the source actors, union over the reports. References: entities.entity_id (each element). Example: [per_s_jaishankar, per_sergey_lavrov].';
COMMENT ON COLUMN events.recipients IS
    'Entity ids of the targets, union over the reports. References: entities.entity_id (each element). Example: [loc_russia].';
COMMENT ON COLUMN events.location_id IS
    'Entity id of the event''s place, NULL when no report names one. References: entities.entity_id. Example: loc_moscow.';
COMMENT ON COLUMN events.date_value IS
    'TIMEX3-style value of the event''s date, taken from its most precise report. Example: 2025-08-21.';
COMMENT ON COLUMN events.start_date IS
    'First day of the event''s date interval. Example: 2025-08-21.';
COMMENT ON COLUMN events.end_date IS
    'Last day of that interval, inclusive. Example: 2025-08-21.';
COMMENT ON COLUMN events.precision IS
    'Granularity of the event''s date. Values: day | week | month | quarter | half | year | decade | century. Example: day.';
COMMENT ON COLUMN events.status IS
    'The most definite status among the reports (occurred before ongoing before reported before planned). Values: occurred | ongoing | planned | reported. Example: occurred.';
COMMENT ON COLUMN events.num_mentions IS
    'Number of reports (event_mentions rows). Unit: count. Example: 2.';
COMMENT ON COLUMN events.num_articles IS
    'Number of distinct articles reporting it. Unit: count. Example: 2.';
COMMENT ON COLUMN events.first_seen_at IS
    'Earliest publication date among the reporting articles, NULL when none has one. Example: 2025-08-13.';
COMMENT ON COLUMN events.confidence IS
    'Combined score of the reports: 1 minus the product of their misses. Unit: score 0-1. Example: 0.612.';
COMMENT ON COLUMN events.canonical_key IS
    'type|mode|sorted actors|start/end|location, then |to:sorted recipients where there are any, and |in:first article where the actors are unnamed groups only: the key the duplicate-events check holds unique. Example: CONSULT|meet|per_s_jaishankar,per_vladimir_putin|2025-08-21/2025-08-21|loc_moscow.';
