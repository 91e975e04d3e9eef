-- Events in date order with actor, recipient and location names instead of ids; undated
-- events last. A name is name_en, else name_hi, else the id itself (generated entities
-- have an empty name_en: it counts as none).
CREATE OR REPLACE VIEW event_timeline AS
WITH names AS (
    SELECT entity_id, coalesce(nullif(name_en, ''), name_hi, entity_id) AS name FROM entities
)
SELECT
    e.event_id,
    e.start_date,
    e.end_date,
    e.date_value,
    e.precision,
    e.type,
    e.mode,
    e.status,
    (SELECT list(coalesce(n.name, a.id) ORDER BY a.pos)
     FROM (SELECT unnest(e.actors) AS id, generate_subscripts(e.actors, 1) AS pos) AS a
     LEFT JOIN names AS n ON n.entity_id = a.id) AS actor_names,
    (SELECT list(coalesce(n.name, r.id) ORDER BY r.pos)
     FROM (SELECT unnest(e.recipients) AS id, generate_subscripts(e.recipients, 1) AS pos) AS r
     LEFT JOIN names AS n ON n.entity_id = r.id) AS recipient_names,
    place.name AS location_name,
    e.num_mentions,
    e.num_articles,
    e.first_seen_at,
    e.confidence,
    e.actors,
    e.recipients,
    e.location_id
FROM events AS e
LEFT JOIN names AS place ON place.entity_id = e.location_id
ORDER BY e.start_date NULLS LAST, e.event_id;
