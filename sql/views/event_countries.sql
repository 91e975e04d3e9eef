-- One row per event with the ISO 3166-1 alpha-2 codes of its participants (entities.country:
-- a country's own code, a person's or organisation's where the knowledge base gives one).
-- countries is the sorted, distinct union of actor and recipient codes; a participant with
-- no known country adds none. Filter on codes, not names:
-- list_has_all(countries, ['IN', 'RU']).
CREATE OR REPLACE VIEW event_countries AS
WITH roles AS (
    SELECT event_id, 'actor' AS role, unnest(actors) AS entity_id FROM events
    UNION ALL
    SELECT event_id, 'recipient' AS role, unnest(recipients) AS entity_id FROM events
),
coded AS (
    SELECT r.event_id, r.role, n.country
    FROM roles AS r
    JOIN entities AS n ON n.entity_id = r.entity_id
    WHERE n.country IS NOT NULL
)
SELECT
    e.event_id,
    e.type,
    e.mode,
    e.status,
    e.start_date,
    e.end_date,
    e.date_value,
    e.num_articles,
    coalesce(
        (SELECT list(DISTINCT c.country ORDER BY c.country) FROM coded AS c
         WHERE c.event_id = e.event_id), []::VARCHAR[]) AS countries,
    coalesce(
        (SELECT list(DISTINCT c.country ORDER BY c.country) FROM coded AS c
         WHERE c.event_id = e.event_id AND c.role = 'actor'), []::VARCHAR[]) AS actor_countries,
    coalesce(
        (SELECT list(DISTINCT c.country ORDER BY c.country) FROM coded AS c
         WHERE c.event_id = e.event_id AND c.role = 'recipient'), []::VARCHAR[])
        AS recipient_countries,
    place.country AS location_country
FROM events AS e
LEFT JOIN entities AS place ON place.entity_id = e.location_id
ORDER BY e.start_date NULLS LAST, e.event_id;
