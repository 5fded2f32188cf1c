// name: read/known-at-graph
// description: What sources published on or before a day assert: those sources (without their text), every
//   claim they make and every relationship they assert from a claimed node, in one read so the answer is one
//   consistent snapshot; and how many sources were left out, for an unknown publication day or a later one. The
//   service derives the graph as known on the day from it (timeline_kg/known_at.py).
// mode: read
// param: day | "2023-01-01" | the day ("YYYY-MM-DD")
// returns: one row: `sources`, `claims`, `rels`, `unknown`, `later`
OPTIONAL MATCH (s:Source) WHERE s.published <= date($day)
WITH collect(s) AS kept
WITH kept, [s IN kept | s.id] AS keptIds
RETURN
  [s IN kept | s {.id, .title, .publisher, .republisher, .url, .originalUrl, .republicationOf, .origin, .published,
                  .publishedBasis, .publishedNote, .language, .bodyStart, .bodyLength, .truncated, .textSha256,
                  .annotationFile, .loadedAt, .sources}] AS sources,
  COLLECT {
    UNWIND kept AS s
    MATCH (n)-[c:CLAIMED_BY]->(s)
    RETURN {id: n.id, source: s.id, props: properties(c),
            label: [l IN labels(n) WHERE l IN ['Event', 'Entity', 'Tenure']][0],
            kind: [l IN labels(n) WHERE l IN ['Person', 'Organisation', 'Country', 'Place', 'Office', 'Channel',
                                              'Topic']][0]}
  } AS claims,
  COLLECT {
    UNWIND kept AS s
    MATCH (n)-[:CLAIMED_BY]->(s)
    WITH DISTINCT n, keptIds
    MATCH (n)-[r]->(m)
    WHERE NOT r:CLAIMED_BY AND any(x IN r.sources WHERE x IN keptIds)
    RETURN {type: type(r), from: n.id, to: m.id, props: properties(r)}
  } AS rels,
  COUNT { MATCH (u:Source) WHERE u.published IS NULL } AS unknown,
  COUNT { MATCH (u:Source) WHERE u.published > date($day) } AS later
