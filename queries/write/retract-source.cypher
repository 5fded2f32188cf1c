// name: write/retract-source
// description: Withdraw everything one source asserted, before it is loaded again: its id leaves the `sources`
//   list of every node and relationship it touched, quotes it gave leave relationship evidence, and whatever no
//   source asserts any more is deleted. Facts of a source are found from its provenance edges, not by a scan.
// mode: write
// param: source | "scmp-2024-04-03-us-china-defence-chiefs" | id of the source to withdraw
// returns: the number of nodes and relationships deleted
MATCH (s:Source {id: $source})
OPTIONAL MATCH (fact)-[:REPORTED_BY]->(s)
WITH s, collect(DISTINCT fact) + [s] AS facts
CALL (facts) {
  UNWIND facts AS n
  MATCH (n)-[r]-()
  WHERE $source IN r.sources
  WITH DISTINCT r
  WITH r, [i IN range(0, size(coalesce(r.evidenceSources, [])) - 1) WHERE r.evidenceSources[i] <> $source] AS keep
  SET r.sources = [x IN r.sources WHERE x <> $source],
      r.evidenceSources = CASE WHEN size(keep) = 0 THEN null ELSE [i IN keep | r.evidenceSources[i]] END,
      r.quotes = CASE WHEN size(keep) = 0 THEN null ELSE [i IN keep | r.quotes[i]] END,
      r.quoteStarts = CASE WHEN size(keep) = 0 THEN null ELSE [i IN keep | r.quoteStarts[i]] END,
      r.quoteEnds = CASE WHEN size(keep) = 0 THEN null ELSE [i IN keep | r.quoteEnds[i]] END
  WITH r WHERE size(r.sources) = 0
  DELETE r
  RETURN count(r) AS relsDeleted
}
UNWIND facts AS n
SET n.sources = [x IN n.sources WHERE x <> $source]
WITH relsDeleted, n WHERE size(n.sources) = 0
DETACH DELETE n
RETURN count(n) AS nodesDeleted, relsDeleted
