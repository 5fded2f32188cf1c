// name: read/actors
// description: Entities that can act in events (of the given kinds), each with the number of events it took part in.
// mode: read
// param: kinds | ["person", "organisation", "country", "office"] | entity kinds to list
// returns: one row per entity, by id
MATCH (a:Entity)
WHERE a.kind IN $kinds
RETURN a {.id, .name, .kind, .aliases} AS actor, COUNT { (a)-[:PARTICIPATED_IN]->(:Event) } AS eventCount
ORDER BY a.id
