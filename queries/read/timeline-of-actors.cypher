// name: read/timeline-of-actors
// description: read/timeline anchored on its actors, for actors with few events: the walk starts at the actors'
//   nodes (a unique-index seek) and expands their PARTICIPATED_IN relationships, instead of walking all events by
//   date. Under match 'all' the first actor is the anchor: the store puts the one with fewest events first.
//   Order: earliest possible day, then latest possible day, then id; an open bound counts as the edge of time
//   ($earliest / $latest). An event is in the range when its bounds overlap it. Keyset pagination: only events
//   sorting after ($cursor.lower, $cursor.upper, $cursor.id) are returned.
//   The request's values come as maps ($filters, $cursor), not one parameter each: Neo4j keys its plan cache by
//   parameter types *and* size buckets of strings and lists (0, 1, up to 10, up to 100 ...), so separate lists and
//   ids would be planned again for each new combination of sizes (a second per plan); a map has one type.
//   $filters: `actors` entity ids the events must involve (PARTICIPATED_IN), [] for any; `match` "all" (every
//   actor takes part) or "any" (at least one does); `kinds`, `statuses`, `channels` (ids whose state the events
//   changed), `topics` (ids the events are about), `sources` (ids that report the events): any of them, [] for
//   all; `rangeStart` / `rangeEnd`: first and last day of the range ("YYYY-MM-DD"), null for open.
//   $cursor: `lower`, `upper` (dates) and `id` of the last event of the previous page.
// mode: read
// param: filters | {"actors": ["lloyd-austin"], "match": "all", "kinds": [], "statuses": [], "channels": [], "topics": [], "sources": [], "rangeStart": null, "rangeEnd": null} | the request's filters (above)
// param: earliest | "0001-01-01" | the edge of time an open lower bound sorts as (a date)
// param: latest | "9999-12-31" | the edge of time an open upper bound sorts as (a date)
// param: cursor | {"lower": null, "upper": null, "id": null} | sort key of the last event of the previous page, all null for the first page
// param: limit | 101 | how many events to return
// returns: one row per event (`event`: its properties), in timeline order
MATCH (anchor:Entity)-[:PARTICIPATED_IN]->(e:Event)
// all: walk from the first actor only
WHERE anchor.id IN CASE $filters.match WHEN 'all' THEN $filters.actors[0..1] ELSE $filters.actors END
WITH DISTINCT e
WHERE (size($filters.kinds) = 0 OR e.kind IN $filters.kinds)
  AND (size($filters.statuses) = 0 OR e.status IN $filters.statuses)
  AND (size($filters.sources) = 0 OR any(s IN $filters.sources WHERE s IN e.sources))
  AND ($filters.rangeStart IS NULL OR e.dateUpper IS NULL OR e.dateUpper >= date($filters.rangeStart))
  AND ($filters.rangeEnd IS NULL OR e.dateLower IS NULL OR e.dateLower <= date($filters.rangeEnd))
  AND ($filters.match = 'any'
       OR all(a IN $filters.actors[1..] WHERE EXISTS { (:Entity {id: a})-[:PARTICIPATED_IN]->(e) }))
  AND (size($filters.channels) = 0 OR EXISTS { (e)-[:CHANGED_STATE]->(c:Entity) WHERE c.id IN $filters.channels })
  AND (size($filters.topics) = 0 OR EXISTS { (e)-[:ABOUT]->(t:Entity) WHERE t.id IN $filters.topics })
WITH e, coalesce(e.dateLower, date($earliest)) AS lowerKey, coalesce(e.dateUpper, date($latest)) AS upperKey
WHERE $cursor.id IS NULL
   OR lowerKey > date($cursor.lower)
   OR (lowerKey = date($cursor.lower) AND upperKey > date($cursor.upper))
   OR (lowerKey = date($cursor.lower) AND upperKey = date($cursor.upper) AND e.id > $cursor.id)
RETURN e {.id, .title, .kind, .status, .date, .dateLower, .dateUpper, .datePrecision, .dateText, .conflicting, .corroboration} AS event
ORDER BY lowerKey, upperKey, e.id
LIMIT $limit
