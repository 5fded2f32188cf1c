// name: read/channels
// description: Channels (all, or one by id) with their parties and every CHANGED_STATE event recorded on them,
//   each with the state it records and the quotes its sources give. The service derives the intervals.
// mode: read
// param: id | "us-china-military-communication" | channel id, or null for every channel
// returns: one row per channel, by id
MATCH (c:Entity:Channel)
WHERE $id IS NULL OR c.id = $id
RETURN c {.id, .name, .kind, .aliases} AS channel,
  COLLECT { MATCH (c)-[:BETWEEN]->(p:Entity) RETURN p {.id, .name, .kind} } AS parties,
  COLLECT {
    MATCH (e:Event)-[s:CHANGED_STATE]->(c)
    RETURN {event: e {.id, .title, .kind, .status, .date, .dateLower, .dateUpper, .datePrecision, .dateText, .conflicting, .corroboration},
            state: s.state,
            reports: COLLECT {
              MATCH (e)-[q:REPORTED_BY]->(src:Source)
              RETURN {source: src.id, quote: q.quote, start: q.start, end: q.end, kind: q.kind}
            }}
  } AS changes
ORDER BY c.id
