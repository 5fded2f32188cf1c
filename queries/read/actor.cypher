// name: read/actor
// description: One actor with its aliases, the offices it held (tenure dates as uncertain as the sources leave
//   them) and the events it took part in, with its role and the office it acted in.
// mode: read
// param: id | "lloyd-austin" | entity id
// param: kinds | ["person", "organisation", "country", "office"] | entity kinds that count as actors
// returns: one row, or none when there is no such actor
MATCH (a:Entity {id: $id})
WHERE a.kind IN $kinds
RETURN a {.id, .name, .kind, .aliases, .description, .note} AS actor,
  COLLECT {
    MATCH (a)-[:HELD]->(t:Tenure)-[:OF_OFFICE]->(o:Entity)
    RETURN {tenure: t {.id, .start, .startLower, .startUpper, .startPrecision, .end, .endLower, .endUpper,
                       .endPrecision},
            office: o {.id, .name, .kind}}
  } AS offices,
  COLLECT {
    MATCH (a)-[p:PARTICIPATED_IN]->(e:Event)
    OPTIONAL MATCH (o:Entity {id: p.office})
    RETURN {event: e {.id, .title, .kind, .status, .date, .dateLower, .dateUpper, .datePrecision, .dateText, .conflicting, .corroboration},
            role: p.role, office: o {.id, .name, .kind}}
  } AS events
