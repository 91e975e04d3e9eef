-- One row per report of an event: event -> event mention -> sentence -> article, with the
-- sentence's text and the article's date and source, so a reader can check what was said.
-- Events in date order (undated last), then their reports by publication date.
CREATE OR REPLACE VIEW event_reports AS
SELECT
    e.event_id,
    e.type,
    e.mode,
    e.status,
    e.start_date,
    e.end_date,
    e.num_articles,
    em.event_mention_id,
    em.trigger,
    em.status AS mention_status,
    em.date_value AS mention_date_value,
    em.date_source,
    em.negated,
    s.sentence_id,
    s.sentence_index,
    s.text AS sentence_text,
    em.trigger_start - s.start_char AS trigger_offset,
    a.article_id,
    a.published_date,
    a.source,
    a.url,
    a.paths
FROM event_mentions AS em
JOIN events AS e ON e.event_id = em.event_id
JOIN sentences AS s ON s.sentence_id = em.sentence_id
JOIN articles AS a ON a.article_id = em.article_id
ORDER BY e.start_date NULLS LAST, e.event_id, a.published_date NULLS LAST, a.article_id,
    s.sentence_index, em.trigger_start;
