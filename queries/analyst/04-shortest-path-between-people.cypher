// name: analyst/04-shortest-path-between-people
// description: Question 4: how are two people connected, by the fewest steps? The shortest paths from one person
//   to another through the events they took part in and the links between events (caused, led to, in response
//   to, part of); quotes, offices and places are left out so the path says who met whom at what.
//   In Neo4j Browser set the parameters first: `:params {personA: 'wei-fenghe', personB: 'dong-jun'}`.
// mode: read
// param: personA | "wei-fenghe" | id of the first :Person
// param: personB | "dong-jun" | id of the second :Person (must differ from personA)
// returns: one row per shortest path: the path, its number of hops and the names or titles along it
MATCH (a:Person {id: $personA}), (b:Person {id: $personB})
MATCH path = allShortestPaths((a)-[:PARTICIPATED_IN|CAUSED|LED_TO|IN_RESPONSE_TO|PART_OF*..12]-(b))
RETURN path,
       length(path) AS hops,
       [n IN nodes(path) | coalesce(n.name, n.date + ' ' + n.title)] AS via
ORDER BY hops, via
