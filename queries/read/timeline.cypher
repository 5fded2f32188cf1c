// name: read/timeline
// description: Events in time order, filtered by actor, kind, status, channel, topic, source and a date range.
//   It walks events in date order through the :Event(dateLower) index and stops once a page is full: the plan
//   for no actor or busy actors (GDELT's countries take part in a quarter of all events); read/timeline-of-actors
//   expands the actors' own events instead when that is cheaper. Events fall in three parts: open below (datePrecision
//   'before': the earliest of all), open above ('after'), both small and found through the datePrecision index;
//   and bounded events, which can overlap the range only if they start at most the longest bounded span before it,
//   so the index walk starts there ($filters.rangeStart minus that span, never before the page's cursor).
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
CALL () {
  // Day-precision events span nothing; GDELT has only those, so its walk starts right at the range.
  MATCH (e:Event) WHERE e.datePrecision IN ['month', 'year', 'interval']
  RETURN coalesce(max(duration.inDays(e.dateLower, e.dateUpper).days), 0) AS longestSpan
}
WITH CASE
       WHEN $filters.rangeStart IS NULL THEN date($earliest)
       ELSE date($filters.rangeStart) - duration({days: longestSpan})
     END AS walkFrom
WITH CASE WHEN $cursor.lower IS NOT NULL AND date($cursor.lower) > walkFrom THEN date($cursor.lower) ELSE walkFrom END
     AS walkFrom
CALL () {
  MATCH (e:Event)
  WHERE e.datePrecision IN ['before', 'after']
    AND (size($filters.kinds) = 0 OR e.kind IN $filters.kinds)
    AND (size($filters.statuses) = 0 OR e.status IN $filters.statuses)
    AND (size($filters.sources) = 0 OR any(s IN $filters.sources WHERE s IN e.sources))
    AND ($filters.rangeStart IS NULL OR e.dateUpper IS NULL OR e.dateUpper >= date($filters.rangeStart))
    AND ($filters.rangeEnd IS NULL OR e.dateLower IS NULL OR e.dateLower <= date($filters.rangeEnd))
    AND (size($filters.actors) = 0
         OR ($filters.match = 'all'
             AND all(a IN $filters.actors WHERE EXISTS { (:Entity {id: a})-[:PARTICIPATED_IN]->(e) }))
         OR ($filters.match = 'any' AND EXISTS { (x:Entity)-[:PARTICIPATED_IN]->(e) WHERE x.id IN $filters.actors }))
    AND (size($filters.channels) = 0 OR EXISTS { (e)-[:CHANGED_STATE]->(c:Entity) WHERE c.id IN $filters.channels })
    AND (size($filters.topics) = 0 OR EXISTS { (e)-[:ABOUT]->(t:Entity) WHERE t.id IN $filters.topics })
  WITH e, coalesce(e.dateLower, date($earliest)) AS lowerKey, coalesce(e.dateUpper, date($latest)) AS upperKey
  WHERE $cursor.id IS NULL
     OR lowerKey > date($cursor.lower)
     OR (lowerKey = date($cursor.lower) AND upperKey > date($cursor.upper))
     OR (lowerKey = date($cursor.lower) AND upperKey = date($cursor.upper) AND e.id > $cursor.id)
  RETURN collect({e: e, lowerKey: lowerKey, upperKey: upperKey}) AS open
}
CALL (walkFrom) {
  MATCH (e:Event)
  WHERE e.dateLower >= walkFrom AND e.dateLower <= date(coalesce($filters.rangeEnd, $latest))
    AND e.dateUpper IS NOT NULL
    AND (size($filters.kinds) = 0 OR e.kind IN $filters.kinds)
    AND (size($filters.statuses) = 0 OR e.status IN $filters.statuses)
    AND (size($filters.sources) = 0 OR any(s IN $filters.sources WHERE s IN e.sources))
    AND ($filters.rangeStart IS NULL OR e.dateUpper IS NULL OR e.dateUpper >= date($filters.rangeStart))
    AND ($filters.rangeEnd IS NULL OR e.dateLower IS NULL OR e.dateLower <= date($filters.rangeEnd))
    AND (size($filters.actors) = 0
         OR ($filters.match = 'all'
             AND all(a IN $filters.actors WHERE EXISTS { (:Entity {id: a})-[:PARTICIPATED_IN]->(e) }))
         OR ($filters.match = 'any' AND EXISTS { (x:Entity)-[:PARTICIPATED_IN]->(e) WHERE x.id IN $filters.actors }))
    AND (size($filters.channels) = 0 OR EXISTS { (e)-[:CHANGED_STATE]->(c:Entity) WHERE c.id IN $filters.channels })
    AND (size($filters.topics) = 0 OR EXISTS { (e)-[:ABOUT]->(t:Entity) WHERE t.id IN $filters.topics })
  WITH e, coalesce(e.dateLower, date($earliest)) AS lowerKey, coalesce(e.dateUpper, date($latest)) AS upperKey
  WHERE $cursor.id IS NULL
     OR lowerKey > date($cursor.lower)
     OR (lowerKey = date($cursor.lower) AND upperKey > date($cursor.upper))
     OR (lowerKey = date($cursor.lower) AND upperKey = date($cursor.upper) AND e.id > $cursor.id)
  WITH e, lowerKey, upperKey
  ORDER BY e.dateLower, e.dateUpper, e.id
  LIMIT $limit
  RETURN collect({e: e, lowerKey: lowerKey, upperKey: upperKey}) AS bounded
}
UNWIND open + bounded AS row
WITH row.e AS e, row.lowerKey AS lowerKey, row.upperKey AS upperKey
RETURN e {.id, .title, .kind, .status, .date, .dateLower, .dateUpper, .datePrecision, .dateText, .conflicting, .corroboration} AS event
ORDER BY lowerKey, upperKey, e.id
LIMIT $limit
