// name: analyst/05-chronological-paths-between-people
// description: Question 5: how did one person lead to another, forward in time? Paths from personA to personB
//   through events and the links between them (as in question 4) whose events can be read in time order: each
//   event's earliest possible day is on or before the next event's latest possible day (an open bound never
//   forbids), and a link between two events is walked in its own time order (from cause to effect, from what was
//   answered to the response; PART_OF either way). Every node at most once; at most 8 hops; shortest first, then
//   the path ending earliest.
//   In Neo4j Browser set the parameters first: `:params {personA: 'wei-fenghe', personB: 'dong-jun'}`.
// mode: read
// param: personA | "wei-fenghe" | id of the :Person the path starts from (the earlier end)
// param: personB | "dong-jun" | id of the :Person the path arrives at (the later end)
// returns: up to 10 rows, one per path: the path, its hops, and its events as "date title" in order
MATCH (a:Person {id: $personA}), (b:Person {id: $personB})
MATCH path = (a)-[:PARTICIPATED_IN|CAUSED|LED_TO|IN_RESPONSE_TO|PART_OF*..8]-(b)
WITH path, nodes(path) AS ns, relationships(path) AS rs
WHERE all(i IN range(0, size(ns) - 2) WHERE NOT ns[i] IN ns[i + 1..])
  AND all(i IN range(0, size(rs) - 1)
          WHERE NOT type(rs[i]) IN ['CAUSED', 'LED_TO', 'IN_RESPONSE_TO']
             OR (type(rs[i]) = 'IN_RESPONSE_TO') = (endNode(rs[i]) = ns[i]))
WITH path, [n IN ns WHERE n:Event] AS events
WHERE size(events) > 0
  AND all(i IN range(0, size(events) - 2)
          WHERE events[i].dateLower IS NULL OR events[i + 1].dateUpper IS NULL
             OR events[i].dateLower <= events[i + 1].dateUpper)
RETURN path,
       length(path) AS hops,
       [e IN events | e.date + ' ' + e.title] AS steps
ORDER BY hops, last(events).dateLower IS NOT NULL, last(events).dateLower, steps
LIMIT 10
