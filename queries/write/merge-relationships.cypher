// name: write/merge-relationships
// description: Create or update relationships between nodes already merged, keyed by type, ends and `key`;
//   record the loading source and append the quotes it gives as evidence. Types come from the closed RelType
//   enum; each end is found through its primary label's uniqueness constraint.
// mode: write
// param: rows | [{"type": "LED_TO", "fromLabel": "Event", "from": "a", "toLabel": "Event", "to": "b", "key": "", "props": {}, "quotes": [], "starts": [], "ends": []}] | one map per relationship
// param: source | "scmp-2024-04-03-us-china-defence-chiefs" | id of the source being loaded
// returns: the number of relationships merged
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
CALL (row) {
  MATCH (b:Event {id: row.to}) WHERE row.toLabel = 'Event' RETURN b
  UNION
  MATCH (b:Entity {id: row.to}) WHERE row.toLabel = 'Entity' RETURN b
  UNION
  MATCH (b:Tenure {id: row.to}) WHERE row.toLabel = 'Tenure' RETURN b
  UNION
  MATCH (b:Source {id: row.to}) WHERE row.toLabel = 'Source' RETURN b
}
MERGE (a)-[r:$(row.type) {key: row.key}]->(b)
SET r += row.props,
    r.sources = CASE WHEN $source IN coalesce(r.sources, []) THEN r.sources ELSE coalesce(r.sources, []) + $source END,
    // Relationship facts keep their quotes on the relationship, as parallel lists tagged with the source.
    r.evidenceSources = CASE WHEN size(row.quotes) = 0 THEN r.evidenceSources
                             ELSE coalesce(r.evidenceSources, []) + [q IN row.quotes | $source] END,
    r.quotes = CASE WHEN size(row.quotes) = 0 THEN r.quotes ELSE coalesce(r.quotes, []) + row.quotes END,
    r.quoteStarts = CASE WHEN size(row.quotes) = 0 THEN r.quoteStarts ELSE coalesce(r.quoteStarts, []) + row.starts END,
    r.quoteEnds = CASE WHEN size(row.quotes) = 0 THEN r.quoteEnds ELSE coalesce(r.quoteEnds, []) + row.ends END
RETURN count(r) AS merged
