// name: read/draft-known-events
// description: Every event with its kind, date bounds and participants: what `timeline-kg draft` proposes as "the same event".
// mode: read
// returns: one row per event, by id
MATCH (e:Event)
RETURN e.id AS id, e.kind AS kind, e.title AS title, e.dateLower AS dateLower, e.dateUpper AS dateUpper,
       [(a:Entity)-[:PARTICIPATED_IN]->(e) | a.id] AS participants
ORDER BY id
