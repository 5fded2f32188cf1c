// name: read/actors
// description: Entities that can act in events (of the given kinds), each with the number of events it took part in.
// mode: read
// param: kinds | ["person", "organisation", "country", "office"] | entity kinds to list
// returns: one row per entity, by id
MATCH (a:Entity)
WHERE a.kind IN $kinds
// Distinct events: two sources may give one actor two roles in one event (two PARTICIPATED_IN).
RETURN a {.id, .name, .kind, .aliases} AS actor,
       COUNT { MATCH (a)-[:PARTICIPATED_IN]->(e:Event) RETURN DISTINCT e } AS eventCount
ORDER BY a.id
