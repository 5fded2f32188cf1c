// name: read/paths-within-two-hops
// description: Paths of one or two relationships between two nodes, by plain patterns the planner runs as a
//   pipeline that stops at $limit: between two busy actors (GDELT's countries share tens of thousands of events)
//   this finds the shortest paths in milliseconds, where even a bidirectional search first expands one side in
//   full. The store asks read/shortest-paths only when this finds nothing. Same rules as read/paths: never
//   REPORTED_BY nor through a :Source; mode 'causal' walks only CAUSED, LED_TO, IN_RESPONSE_TO and PART_OF between
//   events; 'chronological' keeps paths on which every event is no earlier than the one before it.
//   The ends and the mode come as one map ($search): Neo4j keys its plan cache by parameter types *and* size
//   buckets of strings (ids of 10 and of 11 characters differ), so each new bucket of an id would be planned
//   again (a second per plan); a map has one type.
// mode: read
// param: search | {"from": "balloon-discovery", "to": "blinken-calls-off-trip", "mode": "any"} | ids of the first and last node, and the mode: any, causal or chronological
// param: limit | 200 | most paths returned of each length
// returns: one row per path: `nodes` (properties and `label`) and `rels` (type, start and end ids, properties)
CALL () {
  MATCH (n:Event {id: $search.from}) RETURN n UNION MATCH (n:Entity {id: $search.from}) RETURN n
  UNION MATCH (n:Tenure {id: $search.from}) RETURN n
}
WITH n AS a
CALL () {
  MATCH (n:Event {id: $search.to}) RETURN n UNION MATCH (n:Entity {id: $search.to}) RETURN n
  UNION MATCH (n:Tenure {id: $search.to}) RETURN n
}
WITH a, n AS b
// One hop. Between two entities only PART_OF and BETWEEN can join them directly (graph model): naming the types
// reads just those of a busy node's relationships instead of all of them.
CALL (a, b) {
  WITH a, b WHERE a:Entity AND b:Entity
  MATCH (a)-[r:PART_OF|BETWEEN]-(b)
  WITH [a, b] AS ns, [r] AS rs
  WHERE none(r IN rs WHERE r:REPORTED_BY)
    AND none(n IN ns WHERE n:Source)
    AND ($search.mode <> 'causal'
         OR all(r IN rs WHERE (r:CAUSED OR r:LED_TO OR r:IN_RESPONSE_TO OR r:PART_OF)
                              AND startNode(r):Event AND endNode(r):Event))
    AND ($search.mode <> 'chronological'
         OR all(i IN range(1, size([n IN ns WHERE n:Event]) - 1)
                WHERE [n IN ns WHERE n:Event][i].dateUpper IS NULL
                   OR [n IN ns WHERE n:Event][i - 1].dateLower IS NULL
                   OR [n IN ns WHERE n:Event][i].dateUpper >= [n IN ns WHERE n:Event][i - 1].dateLower))
  RETURN ns, rs
  UNION
  WITH a, b WHERE NOT (a:Entity AND b:Entity)
  MATCH (a)-[r]-(b)
  WITH [a, b] AS ns, [r] AS rs
  WHERE none(r IN rs WHERE r:REPORTED_BY)
    AND none(n IN ns WHERE n:Source)
    AND ($search.mode <> 'causal'
         OR all(r IN rs WHERE (r:CAUSED OR r:LED_TO OR r:IN_RESPONSE_TO OR r:PART_OF)
                              AND startNode(r):Event AND endNode(r):Event))
    AND ($search.mode <> 'chronological'
         OR all(i IN range(1, size([n IN ns WHERE n:Event]) - 1)
                WHERE [n IN ns WHERE n:Event][i].dateUpper IS NULL
                   OR [n IN ns WHERE n:Event][i - 1].dateLower IS NULL
                   OR [n IN ns WHERE n:Event][i].dateUpper >= [n IN ns WHERE n:Event][i - 1].dateLower))
  RETURN ns, rs
  UNION
  // Two hops, walked out from the end with fewer relationships and checked into the other, stopping at $limit:
  // the busier end is never expanded.
  WITH a, b, COUNT { (a)--() } <= COUNT { (b)--() } AS fromA
  WITH a, b, fromA, CASE WHEN fromA THEN a ELSE b END AS near, CASE WHEN fromA THEN b ELSE a END AS far
  MATCH (near)-[r1]-(m)
  WHERE m <> a AND m <> b AND NOT r1:REPORTED_BY AND NOT m:Source
  MATCH (m)-[r2]-(far)
  WHERE r2 <> r1
  WITH [a, m, b] AS ns, CASE WHEN fromA THEN [r1, r2] ELSE [r2, r1] END AS rs
  WHERE none(r IN rs WHERE r:REPORTED_BY)
    AND none(n IN ns WHERE n:Source)
    AND ($search.mode <> 'causal'
         OR all(r IN rs WHERE (r:CAUSED OR r:LED_TO OR r:IN_RESPONSE_TO OR r:PART_OF)
                              AND startNode(r):Event AND endNode(r):Event))
    AND ($search.mode <> 'chronological'
         OR all(i IN range(1, size([n IN ns WHERE n:Event]) - 1)
                WHERE [n IN ns WHERE n:Event][i].dateUpper IS NULL
                   OR [n IN ns WHERE n:Event][i - 1].dateLower IS NULL
                   OR [n IN ns WHERE n:Event][i].dateUpper >= [n IN ns WHERE n:Event][i - 1].dateLower))
  RETURN ns, rs
  LIMIT $limit
}
RETURN [n IN ns | n {.id, .name, .title, .kind, .date, .dateLower, .dateUpper, .datePrecision, .dateText,
                    .start, .startLower, .startUpper, .startPrecision, .sources,
                    label: head([l IN labels(n) WHERE l IN ['Event', 'Entity', 'Tenure']])}] AS nodes,
       [rel IN rs | rel {.role, .office, .state, .note, .key, type: type(rel),
                         start: startNode(rel).id, end: endNode(rel).id}] AS rels
