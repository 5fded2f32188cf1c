// name: read/paths
// description: All shortest simple paths between two nodes among those at least $minHops and at most $maxHops
//   long, walking relationships in either direction but never REPORTED_BY nor through a :Source (provenance
//   would join everything through the article). mode 'causal' walks only CAUSED, LED_TO, IN_RESPONSE_TO and
//   PART_OF between events; 'chronological' keeps paths on which every event is no earlier than the event
//   before it (next.dateUpper >= previous.dateLower; an open bound never breaks the order). The service asks
//   again with $minHops one past the length found until it has k paths (Neo4j 5.26 takes no parameter for k).
//   The predicates sit inside the parenthesised path pattern, so they filter paths before the shortest are chosen.
// mode: read
// param: from | "pelosi-taiwan-visit" | id of the first node
// param: to | "brown-liu-talks-2023-12" | id of the last node
// param: mode | "chronological" | any, causal or chronological
// param: minHops | 1 | shortest length wanted
// param: maxHops | 6 | longest length wanted (at most 10)
// param: limit | 1000 | most paths returned per call: between two busy actors thousands tie at the shortest length
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
MATCH p = ALL SHORTEST (
  (a) ((x)-[r]-(y)
       WHERE NOT r:REPORTED_BY AND NOT y:Source
         AND ($mode <> 'causal' OR (r:CAUSED|LED_TO|IN_RESPONSE_TO|PART_OF AND x:Event AND y:Event))){1,10} (b)
  WHERE $minHops <= size(r) <= $maxHops
    AND all(i IN range(0, size(x) - 1) WHERE NOT x[i] IN x[i + 1..] + [b])
    AND ($mode <> 'chronological'
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
