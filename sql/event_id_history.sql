-- Every event id a published version retired, and its successor: events are re-merged on
-- every run and their id hashes their content, so a report that refines an event (a finer
-- date, another actor) gives it a new id. Follow new_event_id (through later rows when it
-- was retired in turn) to the event a cited id has become.
CREATE TABLE IF NOT EXISTS event_id_history (
    history_id    VARCHAR PRIMARY KEY,         -- hash of (old_event_id, version): the key publishing merges on
    old_event_id  VARCHAR NOT NULL,            -- an event id of the version before `version`
    new_event_id  VARCHAR NOT NULL,            -- the event that holds most of its reports
    version       INTEGER NOT NULL,            -- the dataset version that retired the id
    reason        VARCHAR NOT NULL,            -- refined | merged | split
    UNIQUE (old_event_id, version)
);
