// name: read/timeline
// description: Events in time order, filtered by actor, kind, status, channel, topic, source and a date range.
//   It walks events in date order through the :Event(dateLower) index and stops once a page is full: the plan
//   for no actor or busy actors (GDELT's countries take part in a quarter of all events); read/timeline-of-actors
//   expands the actors' own events instead when that is cheaper. Events fall in three parts: open below (datePrecision
//   'before': the earliest of all), open above ('after'), both small and found through the datePrecision index;
//   and bounded events, which can overlap the range only if they start at most the longest bounded span before it,
//   so the index walk starts there ($rangeStart minus that span, never before the page's cursor).
//   Order: earliest possible day, then latest possible day, then id; an open bound counts as the edge of time
//   ($earliest / $latest). An event is in the range when its bounds overlap it. Keyset pagination: only events
//   sorting after ($afterLower, $afterUpper, $afterId) are returned.
// mode: read
// param: actors | ["lloyd-austin"] | entity ids the events must involve (PARTICIPATED_IN); [] for any
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
CALL () {
  // Day-precision events span nothing; GDELT has only those, so its walk starts right at the range.
  MATCH (e:Event) WHERE e.datePrecision IN ['month', 'year', 'interval']
  RETURN coalesce(max(duration.inDays(e.dateLower, e.dateUpper).days), 0) AS longestSpan
}
WITH CASE
       WHEN $rangeStart IS NULL THEN date($earliest)
       ELSE date($rangeStart) - duration({days: longestSpan})
     END AS walkFrom
WITH CASE WHEN $afterLower IS NOT NULL AND date($afterLower) > walkFrom THEN date($afterLower) ELSE walkFrom END
     AS walkFrom
CALL () {
  MATCH (e:Event)
  WHERE e.datePrecision IN ['before', 'after']
    AND (size($kinds) = 0 OR e.kind IN $kinds)
    AND (size($statuses) = 0 OR e.status IN $statuses)
    AND (size($sources) = 0 OR any(s IN $sources WHERE s IN e.sources))
    AND ($rangeStart IS NULL OR e.dateUpper IS NULL OR e.dateUpper >= date($rangeStart))
    AND ($rangeEnd IS NULL OR e.dateLower IS NULL OR e.dateLower <= date($rangeEnd))
    AND (size($actors) = 0
         OR ($match = 'all' AND all(a IN $actors WHERE EXISTS { (:Entity {id: a})-[:PARTICIPATED_IN]->(e) }))
         OR ($match = 'any' AND EXISTS { (x:Entity)-[:PARTICIPATED_IN]->(e) WHERE x.id IN $actors }))
    AND (size($channels) = 0 OR EXISTS { (e)-[:CHANGED_STATE]->(c:Entity) WHERE c.id IN $channels })
    AND (size($topics) = 0 OR EXISTS { (e)-[:ABOUT]->(t:Entity) WHERE t.id IN $topics })
  WITH e, coalesce(e.dateLower, date($earliest)) AS lowerKey, coalesce(e.dateUpper, date($latest)) AS upperKey
  WHERE $afterId IS NULL
     OR lowerKey > date($afterLower)
     OR (lowerKey = date($afterLower) AND upperKey > date($afterUpper))
     OR (lowerKey = date($afterLower) AND upperKey = date($afterUpper) AND e.id > $afterId)
  RETURN collect({e: e, lowerKey: lowerKey, upperKey: upperKey}) AS open
}
CALL (walkFrom) {
  MATCH (e:Event)
  WHERE e.dateLower >= walkFrom AND e.dateLower <= date(coalesce($rangeEnd, $latest))
    AND e.dateUpper IS NOT NULL
    AND (size($kinds) = 0 OR e.kind IN $kinds)
    AND (size($statuses) = 0 OR e.status IN $statuses)
    AND (size($sources) = 0 OR any(s IN $sources WHERE s IN e.sources))
    AND ($rangeStart IS NULL OR e.dateUpper IS NULL OR e.dateUpper >= date($rangeStart))
    AND ($rangeEnd IS NULL OR e.dateLower IS NULL OR e.dateLower <= date($rangeEnd))
    AND (size($actors) = 0
         OR ($match = 'all' AND all(a IN $actors WHERE EXISTS { (:Entity {id: a})-[:PARTICIPATED_IN]->(e) }))
         OR ($match = 'any' AND EXISTS { (x:Entity)-[:PARTICIPATED_IN]->(e) WHERE x.id IN $actors }))
    AND (size($channels) = 0 OR EXISTS { (e)-[:CHANGED_STATE]->(c:Entity) WHERE c.id IN $channels })
    AND (size($topics) = 0 OR EXISTS { (e)-[:ABOUT]->(t:Entity) WHERE t.id IN $topics })
  WITH e, coalesce(e.dateLower, date($earliest)) AS lowerKey, coalesce(e.dateUpper, date($latest)) AS upperKey
  WHERE $afterId IS NULL
     OR lowerKey > date($afterLower)
     OR (lowerKey = date($afterLower) AND upperKey > date($afterUpper))
     OR (lowerKey = date($afterLower) AND upperKey = date($afterUpper) AND e.id > $afterId)
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
