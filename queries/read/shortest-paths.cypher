// name: read/shortest-paths
// description: The shortest paths between two nodes, found with Neo4j's bidirectional breadth-first search
//   (allShortestPaths), which stays fast between two busy nodes where the GQL `ALL SHORTEST` search of read/paths
//   walks one side out in full (5 s against 0.2 s between the two busiest GDELT actors of 100k events). The same
//   rules as read/paths: never REPORTED_BY nor through a :Source; mode 'causal' walks only CAUSED, LED_TO,
//   IN_RESPONSE_TO and PART_OF between events; 'chronological' keeps paths on which every event is no earlier than
//   the one before it (next.dateUpper >= previous.dateLower; an open bound never breaks the order). It finds only
//   the shortest length; read/paths gives the longer ones.
//   The service writes max_hops in place of the pattern's upper bound 10: Cypher takes no parameter there.
//   The ends and the mode come as one map ($search): Neo4j keys its plan cache by parameter types *and* size
//   buckets of strings (ids of 10 and of 11 characters differ), so each new bucket of an id would be planned
//   again (a second per plan); a map has one type.
// mode: read
// param: search | {"from": "pelosi-taiwan-visit", "to": "brown-liu-talks-2023-12", "mode": "chronological"} | ids of the first and last node, and the mode: any, causal or chronological
// param: maxHops | 6 | longest length wanted (at most 10)
// param: limit | 1000 | most paths returned: between two busy actors thousands tie at the shortest length
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
MATCH p = allShortestPaths((a)-[*1..10]-(b))
WHERE length(p) <= $maxHops
  AND none(r IN relationships(p) WHERE r:REPORTED_BY)
  AND none(n IN nodes(p) WHERE n:Source)
  AND ($search.mode <> 'causal'
       OR all(r IN relationships(p) WHERE (r:CAUSED OR r:LED_TO OR r:IN_RESPONSE_TO OR r:PART_OF)
                                         AND startNode(r):Event AND endNode(r):Event))
  AND ($search.mode <> 'chronological'
       OR all(i IN range(1, size([n IN nodes(p) WHERE n:Event]) - 1)
              WHERE [n IN nodes(p) WHERE n:Event][i].dateUpper IS NULL
                 OR [n IN nodes(p) WHERE n:Event][i - 1].dateLower IS NULL
                 OR [n IN nodes(p) WHERE n:Event][i].dateUpper >= [n IN nodes(p) WHERE n:Event][i - 1].dateLower))
RETURN [n IN nodes(p) | n {.id, .name, .title, .kind, .date, .dateLower, .dateUpper, .datePrecision, .dateText,
                           .start, .startLower, .startUpper, .startPrecision, .sources,
                           label: head([l IN labels(n) WHERE l IN ['Event', 'Entity', 'Tenure']])}] AS nodes,
       [rel IN relationships(p) | rel {.role, .office, .state, .note, .key, type: type(rel),
                                       start: startNode(rel).id, end: endNode(rel).id}] AS rels
LIMIT $limit
