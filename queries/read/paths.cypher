// name: read/paths
// description: All shortest simple paths between two nodes among those at least $minHops and at most $maxHops
//   long, walking relationships in either direction but never REPORTED_BY nor through a :Source (provenance
//   would join everything through the article). mode 'causal' walks only CAUSED, LED_TO, IN_RESPONSE_TO and
//   PART_OF between events; 'chronological' keeps paths on which every event is no earlier than the event
//   before it (next.dateUpper >= previous.dateLower; an open bound never breaks the order). The service asks
//   again with $minHops one past the length found until it has k paths (Neo4j 5.26 takes no parameter for k).
//   The predicates sit inside the parenthesised path pattern, so they filter paths before the shortest are chosen.
//   The service writes max_hops in place of the pattern's upper bound 10: Cypher takes no parameter there.
//   The ends and the mode come as one map ($search): Neo4j keys its plan cache by parameter types *and* size
//   buckets of strings (ids of 10 and of 11 characters differ), so each new bucket of an id would be planned
//   again (a second per plan); a map has one type.
// mode: read
// param: search | {"from": "pelosi-taiwan-visit", "to": "brown-liu-talks-2023-12", "mode": "chronological"} | ids of the first and last node, and the mode: any, causal or chronological
// param: minHops | 1 | shortest length wanted
// param: maxHops | 6 | longest length wanted (at most 10)
// param: limit | 1000 | most paths returned per call: between two busy actors thousands tie at the shortest length
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
MATCH p = ALL SHORTEST (
  (a) ((x)-[r]-(y)
       WHERE NOT r:REPORTED_BY AND NOT y:Source
         AND ($search.mode <> 'causal' OR (r:CAUSED|LED_TO|IN_RESPONSE_TO|PART_OF AND x:Event AND y:Event))){1,10} (b)
  WHERE $minHops <= size(r) <= $maxHops
    AND all(i IN range(0, size(x) - 1) WHERE NOT x[i] IN x[i + 1..] + [b])
    AND ($search.mode <> 'chronological'
         OR all(i IN range(1, size([n IN x + [b] WHERE n:Event]) - 1)
                WHERE [n IN x + [b] WHERE n:Event][i].dateUpper IS NULL
                   OR [n IN x + [b] WHERE n:Event][i - 1].dateLower IS NULL
                   OR [n IN x + [b] WHERE n:Event][i].dateUpper >= [n IN x + [b] WHERE n:Event][i - 1].dateLower))
)
RETURN [n IN nodes(p) | n {.id, .name, .title, .kind, .date, .dateLower, .dateUpper, .datePrecision, .dateText,
                           .start, .startLower, .startUpper, .startPrecision, .sources,
                           label: head([l IN labels(n) WHERE l IN ['Event', 'Entity', 'Tenure']])}] AS nodes,
       [rel IN relationships(p) | rel {.role, .office, .state, .note, .key, type: type(rel),
                                       start: startNode(rel).id, end: endNode(rel).id}] AS rels
LIMIT $limit
