// name: read/shortest-paths
// description: The shortest paths between two nodes, found with Neo4j's bidirectional breadth-first search
//   (allShortestPaths), which stays fast between two busy nodes where the GQL `ALL SHORTEST` search of read/paths
//   walks one side out in full (5 s against 0.2 s between the two busiest GDELT actors of 100k events). The same
//   rules as read/paths: never REPORTED_BY nor through a :Source; mode 'causal' walks only CAUSED, LED_TO,
//   IN_RESPONSE_TO and PART_OF between events; 'chronological' keeps paths on which every event is no earlier than
//   the one before it (next.dateUpper >= previous.dateLower; an open bound never breaks the order). It finds only
//   the shortest length; read/paths gives the longer ones.
// mode: read
// param: from | "pelosi-taiwan-visit" | id of the first node
// param: to | "brown-liu-talks-2023-12" | id of the last node
// param: mode | "chronological" | any, causal or chronological
// param: maxHops | 6 | longest length wanted (at most 10)
// param: limit | 1000 | most paths returned: between two busy actors thousands tie at the shortest length
// returns: one row per path: `nodes` (properties and `label`) and `rels` (type, start and end ids, properties)
CALL () {
  MATCH (n:Event {id: $from}) RETURN n UNION MATCH (n:Entity {id: $from}) RETURN n
  UNION MATCH (n:Tenure {id: $from}) RETURN n
}
WITH n AS a
CALL () {
  MATCH (n:Event {id: $to}) RETURN n UNION MATCH (n:Entity {id: $to}) RETURN n
  UNION MATCH (n:Tenure {id: $to}) RETURN n
}
WITH a, n AS b
MATCH p = allShortestPaths((a)-[*1..10]-(b))
WHERE length(p) <= $maxHops
  AND none(r IN relationships(p) WHERE r:REPORTED_BY)
  AND none(n IN nodes(p) WHERE n:Source)
  AND ($mode <> 'causal'
       OR all(r IN relationships(p) WHERE (r:CAUSED OR r:LED_TO OR r:IN_RESPONSE_TO OR r:PART_OF)
                                         AND startNode(r):Event AND endNode(r):Event))
  AND ($mode <> 'chronological'
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
