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

COMMENT ON TABLE event_id_history IS 'Every event id a published version retired, with its successor, so that a cited event id always resolves: follow new_event_id, through later rows where it was retired in turn, to an id of the latest events table.';
COMMENT ON COLUMN event_id_history.history_id IS
    'Key: hash of old_event_id and version. Example: 3f1c2a9b7d0e4c11.';
COMMENT ON COLUMN event_id_history.old_event_id IS
    'An event id of the version before the one that retired it. Example: 329f18d7740fd1e6.';
COMMENT ON COLUMN event_id_history.new_event_id IS
    'The event of the retiring version that holds most of the old event''s reports; it may itself be retired by a later version (another row). Example: 026b41c09431445f.';
COMMENT ON COLUMN event_id_history.version IS
    'The dataset version that retired old_event_id. Example: 2.';
COMMENT ON COLUMN event_id_history.reason IS
    'How the event changed. Values: refined | merged | split. Example: refined.';
