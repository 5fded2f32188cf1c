// name: write/source-assertions
// description: What one source asserts now, read inside the transaction that loads it again: the nodes it has a
//   claim on, and every relationship (other than its claims) whose `sources` name it. The loader compares these
//   with the new batch and withdraws only what the source no longer asserts. Found from the source's claims,
//   not by a scan.
// mode: write
// param: source | "scmp-2024-04-03-us-china-defence-chiefs" | id of the source
// returns: one row: `claims` ({label, id} per claimed node) and `rels` ({type, fromLabel, from, toLabel, to, key})
OPTIONAL MATCH (s:Source {id: $source})
OPTIONAL MATCH (n)-[:CLAIMED_BY {key: $source}]->(s)
WITH s, collect(DISTINCT n) AS claimed
WITH claimed, [x IN claimed WHERE x IS NOT NULL] + CASE WHEN s IS NULL THEN [] ELSE [s] END AS facts
RETURN
  [n IN claimed | {label: [l IN labels(n) WHERE l IN ['Event', 'Entity', 'Tenure']][0], id: n.id}] AS claims,
  COLLECT {
    UNWIND facts AS n
    MATCH (n)-[r]-()
    WHERE NOT r:CLAIMED_BY AND $source IN r.sources
    WITH DISTINCT r
    RETURN {type: type(r), from: startNode(r).id, to: endNode(r).id, key: r.key,
            fromLabel: [l IN labels(startNode(r)) WHERE l IN ['Event', 'Entity', 'Tenure', 'Source']][0],
            toLabel: [l IN labels(endNode(r)) WHERE l IN ['Event', 'Entity', 'Tenure', 'Source']][0]}
  } AS rels
