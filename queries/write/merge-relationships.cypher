// name: write/merge-relationships
// description: Create or update relationships between nodes already merged, keyed by type, ends and `key`;
//   record the loading source and set the quotes it gives as evidence (replacing its earlier ones); nothing is
//   written when nothing changed. Types come from the closed RelType
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
// The source's quotes replace its earlier ones; other sources' quotes stay, in their order.
WITH r, row, [i IN range(0, size(coalesce(r.evidenceSources, [])) - 1) WHERE r.evidenceSources[i] <> $source] AS keep
WITH r, row,
     CASE WHEN $source IN coalesce(r.sources, []) THEN r.sources ELSE coalesce(r.sources, []) + $source END AS sources,
     [i IN keep | r.evidenceSources[i]] + [q IN row.quotes | $source] AS evidenceSources,
     [i IN keep | r.quotes[i]] + row.quotes AS quotes,
     [i IN keep | r.quoteStarts[i]] + row.starts AS starts,
     [i IN keep | r.quoteEnds[i]] + row.ends AS ends
// Written only when something differs, so loading an unchanged source writes nothing.
WITH r, row, sources, evidenceSources, quotes, starts, ends,
     r.sources IS NULL OR r.sources <> sources OR coalesce(r.quotes, []) <> quotes
       OR coalesce(r.evidenceSources, []) <> evidenceSources OR coalesce(r.quoteStarts, []) <> starts
       OR coalesce(r.quoteEnds, []) <> ends
       OR any(k IN keys(row.props) WHERE NOT (r[k] = row.props[k]) OR (r[k] IS NULL) <> (row.props[k] IS NULL))
       AS changed
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END |
  SET r += row.props,
      r.sources = sources,
      // Relationship facts keep their quotes on the relationship, as parallel lists tagged with the source.
      r.evidenceSources = CASE WHEN size(quotes) = 0 THEN null ELSE evidenceSources END,
      r.quotes = CASE WHEN size(quotes) = 0 THEN null ELSE quotes END,
      r.quoteStarts = CASE WHEN size(quotes) = 0 THEN null ELSE starts END,
      r.quoteEnds = CASE WHEN size(quotes) = 0 THEN null ELSE ends END
)
RETURN count(r) AS merged
