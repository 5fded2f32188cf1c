// name: write/withdraw-relationships
// description: Take the source out of relationships it no longer asserts: its id leaves `sources`, its quotes
//   leave the evidence lists, and a relationship no source asserts any more is deleted. Types come from the closed
//   RelType enum; each end is found through its primary label's uniqueness constraint.
// mode: write
// param: rows | [{"type": "LED_TO", "fromLabel": "Event", "from": "a", "toLabel": "Event", "to": "b", "key": ""}] | one map per relationship
// param: source | "scmp-2024-04-03-us-china-defence-chiefs" | id of the source
// returns: the number of relationships deleted
UNWIND $rows AS row
CALL (row) {
  MATCH (a:Event {id: row.from}) WHERE row.fromLabel = 'Event' RETURN a
  UNION
  MATCH (a:Entity {id: row.from}) WHERE row.fromLabel = 'Entity' RETURN a
  UNION
  MATCH (a:Tenure {id: row.from}) WHERE row.fromLabel = 'Tenure' RETURN a
  UNION
  MATCH (a:Source {id: row.from}) WHERE row.fromLabel = 'Source' RETURN a
}
MATCH (a)-[r:$(row.type) {key: row.key}]->(b {id: row.to})
WHERE $source IN r.sources
WITH r, [i IN range(0, size(coalesce(r.evidenceSources, [])) - 1) WHERE r.evidenceSources[i] <> $source] AS keep
SET r.sources = [x IN r.sources WHERE x <> $source],
    r.evidenceSources = CASE WHEN size(keep) = 0 THEN null ELSE [i IN keep | r.evidenceSources[i]] END,
    r.quotes = CASE WHEN size(keep) = 0 THEN null ELSE [i IN keep | r.quotes[i]] END,
    r.quoteStarts = CASE WHEN size(keep) = 0 THEN null ELSE [i IN keep | r.quoteStarts[i]] END,
    r.quoteEnds = CASE WHEN size(keep) = 0 THEN null ELSE [i IN keep | r.quoteEnds[i]] END
WITH r WHERE size(r.sources) = 0
DELETE r
RETURN count(r) AS deleted
