-- Unordered pairs of participants (actors and recipients) that appear in the same event,
-- with how many events and articles they share and the date range of those events. A name
-- is name_en, else name_hi (an empty name_en, as generated entities have, counts as none).
CREATE OR REPLACE VIEW actor_pairs AS
WITH participants AS (
    SELECT DISTINCT event_id, participant AS entity_id
    FROM (SELECT event_id, unnest(list_concat(actors, recipients)) AS participant FROM events)
),
pairs AS (
    SELECT a.event_id, a.entity_id AS entity_a, b.entity_id AS entity_b
    FROM participants AS a
    JOIN participants AS b ON a.event_id = b.event_id AND a.entity_id < b.entity_id
)
SELECT
    p.entity_a,
    coalesce(nullif(na.name_en, ''), na.name_hi, p.entity_a) AS name_a,
    p.entity_b,
    coalesce(nullif(nb.name_en, ''), nb.name_hi, p.entity_b) AS name_b,
    count(*) AS n_events,
    sum(e.num_articles) AS n_article_reports,
    min(e.start_date) AS first_date,
    max(e.end_date) AS last_date,
    list(DISTINCT e.type ORDER BY e.type) AS event_types
FROM pairs AS p
JOIN events AS e ON e.event_id = p.event_id
LEFT JOIN entities AS na ON na.entity_id = p.entity_a
LEFT JOIN entities AS nb ON nb.entity_id = p.entity_b
GROUP BY ALL
ORDER BY n_events DESC, p.entity_a, p.entity_b;
