// name: read/event
// description: One event with its participants (role, office), place, topics, channel state changes, the events
//   one hop away through CAUSED, LED_TO, IN_RESPONSE_TO or PART_OF (either direction, with the relationship's
//   quotes), every quote its sources give for it, and each source's claim (date, status, title ..., quote).
// mode: read
// param: id | "china-freezes-military-contacts" | event id
// returns: one row, or none when there is no such event
MATCH (e:Event {id: $id})
RETURN e {.id, .title, .kind, .status, .date, .dateLower, .dateUpper, .datePrecision, .dateText, .note, .conflicting, .corroboration} AS event,
  COLLECT {
    MATCH (a:Entity)-[p:PARTICIPATED_IN]->(e)
    OPTIONAL MATCH (o:Entity {id: p.office})
    RETURN {actor: a {.id, .name, .kind}, role: p.role, office: o {.id, .name, .kind}}
  } AS participants,
  COLLECT { MATCH (e)-[:OCCURRED_IN]->(pl:Entity) RETURN pl {.id, .name, .kind} } AS places,
  COLLECT { MATCH (e)-[:ABOUT]->(t:Entity) RETURN t {.id, .name, .kind} } AS topics,
  COLLECT {
    MATCH (e)-[c:CHANGED_STATE]->(ch:Entity)
    RETURN {channel: ch {.id, .name, .kind}, state: c.state}
  } AS changes,
  COLLECT {
    MATCH (e)-[r:CAUSED|LED_TO|IN_RESPONSE_TO|PART_OF]->(o:Event)
    RETURN r {.note, .evidenceSources, .quotes, .quoteStarts, .quoteEnds, type: type(r), direction: 'outgoing',
              event: o {.id, .title, .kind, .status, .date, .dateLower, .dateUpper, .datePrecision, .dateText, .conflicting, .corroboration}}
  } + COLLECT {
    MATCH (e)<-[r:CAUSED|LED_TO|IN_RESPONSE_TO|PART_OF]-(o:Event)
    RETURN r {.note, .evidenceSources, .quotes, .quoteStarts, .quoteEnds, type: type(r), direction: 'incoming',
              event: o {.id, .title, .kind, .status, .date, .dateLower, .dateUpper, .datePrecision, .dateText, .conflicting, .corroboration}}
  } AS related,
  COLLECT {
    MATCH (e)-[q:REPORTED_BY]->(s:Source)
    // url by a computed key: while no source in the database has one, `.url` draws a "property key does not
    // exist" warning on every call.
    RETURN {source: s {.id, .title, .publisher, .published, url: [k IN keys(s) WHERE k = 'url' | s[k]][0]}, quote: q.quote, start: q.start, end: q.end,
            kind: q.kind}
  } AS reports,
  COLLECT {
    MATCH (e)-[c:CLAIMED_BY]->(s:Source)
    RETURN c {.defines, .date, .dateLower, .dateUpper, .datePrecision, .dateText, .status, .title, .kind, .place,
              .quote, .quoteStart, .quoteEnd,
              source: s {.id, .title, .publisher, .published, url: [k IN keys(s) WHERE k = 'url' | s[k]][0]}}
  } AS claims
