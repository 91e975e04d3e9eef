-- One row per article: its sentences, entity mentions, distinct entities and event reports.
CREATE OR REPLACE VIEW article_mentions AS
SELECT
    a.article_id,
    a.paths,
    a.source,
    a.published_date,
    (SELECT count(*) FROM sentences AS s WHERE s.article_id = a.article_id) AS n_sentences,
    (SELECT count(*) FROM mentions AS m WHERE m.article_id = a.article_id) AS n_mentions,
    (SELECT count(DISTINCT m.entity_id) FROM mentions AS m WHERE m.article_id = a.article_id)
        AS n_entities,
    (SELECT count(*) FROM event_mentions AS em WHERE em.article_id = a.article_id)
        AS n_event_mentions,
    (SELECT count(DISTINCT em.event_id) FROM event_mentions AS em
     WHERE em.article_id = a.article_id) AS n_events
FROM articles AS a
ORDER BY a.published_date NULLS LAST, a.article_id;
