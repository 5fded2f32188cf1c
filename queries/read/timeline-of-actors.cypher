// name: read/timeline-of-actors
// description: read/timeline anchored on its actors, for actors with few events: the walk starts at the actors'
//   nodes (a unique-index seek) and expands their PARTICIPATED_IN relationships, instead of walking all events by
//   date. Under match 'all' the first actor is the anchor: the store puts the one with fewest events first.
//   Order: earliest possible day, then latest possible day, then id; an open bound counts as the edge of time
//   ($earliest / $latest). An event is in the range when its bounds overlap it. Keyset pagination: only events
//   sorting after ($afterLower, $afterUpper, $afterId) are returned.
// mode: read
// param: actors | ["lloyd-austin"] | entity ids the events must involve (PARTICIPATED_IN); at least one
// param: match | "all" | "all": every actor takes part; "any": at least one does
// param: kinds | [] | event kinds, any of them; [] for all
// param: statuses | [] | event statuses, any of them; [] for all
// param: channels | [] | channel ids whose state the events changed, any of them; [] for all
// param: topics | [] | topic ids the events are about, any of them; [] for all
// param: sources | [] | source ids that report the events, any of them; [] for all
// param: rangeStart | null | first day of the range ("YYYY-MM-DD"), or null for open
// param: rangeEnd | null | last day of the range ("YYYY-MM-DD"), or null for open
// param: earliest | "0001-01-01" | the edge of time an open lower bound sorts as (a date)
// param: latest | "9999-12-31" | the edge of time an open upper bound sorts as (a date)
// param: afterLower | null | sort key of the last event of the previous page (a date), or null for the first page
// param: afterUpper | null | ditto, latest possible day (a date)
// param: afterId | null | ditto, id
// param: limit | 101 | how many events to return
// returns: one row per event (`event`: its properties), in timeline order
MATCH (anchor:Entity)-[:PARTICIPATED_IN]->(e:Event)
WHERE anchor.id IN CASE $match WHEN 'all' THEN $actors[0..1] ELSE $actors END  // all: walk from the first only
WITH DISTINCT e
WHERE (size($kinds) = 0 OR e.kind IN $kinds)
  AND (size($statuses) = 0 OR e.status IN $statuses)
  AND (size($sources) = 0 OR any(s IN $sources WHERE s IN e.sources))
  AND ($rangeStart IS NULL OR e.dateUpper IS NULL OR e.dateUpper >= date($rangeStart))
  AND ($rangeEnd IS NULL OR e.dateLower IS NULL OR e.dateLower <= date($rangeEnd))
  AND ($match = 'any' OR all(a IN $actors[1..] WHERE EXISTS { (:Entity {id: a})-[:PARTICIPATED_IN]->(e) }))
  AND (size($channels) = 0 OR EXISTS { (e)-[:CHANGED_STATE]->(c:Entity) WHERE c.id IN $channels })
  AND (size($topics) = 0 OR EXISTS { (e)-[:ABOUT]->(t:Entity) WHERE t.id IN $topics })
WITH e, coalesce(e.dateLower, date($earliest)) AS lowerKey, coalesce(e.dateUpper, date($latest)) AS upperKey
WHERE $afterId IS NULL
   OR lowerKey > date($afterLower)
   OR (lowerKey = date($afterLower) AND upperKey > date($afterUpper))
   OR (lowerKey = date($afterLower) AND upperKey = date($afterUpper) AND e.id > $afterId)
RETURN e {.id, .title, .kind, .status, .date, .dateLower, .dateUpper, .datePrecision, .dateText, .conflicting, .corroboration} AS event
ORDER BY lowerKey, upperKey, e.id
LIMIT $limit
