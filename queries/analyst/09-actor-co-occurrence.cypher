// name: analyst/09-actor-co-occurrence
// description: Question 9: which actors appear together most often? Pairs of actors (people, countries,
//   organisations) that took part in the same events, most shared events first, with the events' titles.
//   Each pair is listed once (the lower id first).
// mode: read
// returns: one row per pair, most shared events first (ties by ids): the two names, the number of shared events,
//   their titles in time order, and the two ids
MATCH (a:Entity)-[:PARTICIPATED_IN]->(e:Event)<-[:PARTICIPATED_IN]-(b:Entity)
WHERE a.id < b.id
WITH a, b, e
ORDER BY e.dateLower IS NOT NULL, e.dateLower, e.dateUpper IS NULL, e.dateUpper, e.id
WITH a, b, collect(DISTINCT e.title) AS events
RETURN a.name AS actor, b.name AS other, size(events) AS together, events, a.id AS actorId, b.id AS otherId
ORDER BY together DESC, actorId, otherId
