// name: write/claims-of
// description: Every claim on the given nodes, with the publication day and origin of the source making it, read
//   inside a load's transaction so the loader can derive the nodes' properties again (timeline_kg/claims.py).
// mode: write
// param: rows | [{"label": "Event", "id": "austin-wei-meeting-2022-11"}] | the nodes
// returns: one row per node that still exists: `label`, `id`, `claims` ({source, published, origin, props})
UNWIND $rows AS row
CALL (row) {
  MATCH (n:Event {id: row.id}) WHERE row.label = 'Event' RETURN n
  UNION
  MATCH (n:Entity {id: row.id}) WHERE row.label = 'Entity' RETURN n
  UNION
  MATCH (n:Tenure {id: row.id}) WHERE row.label = 'Tenure' RETURN n
}
RETURN row.label AS label, row.id AS id,
  COLLECT {
    MATCH (n)-[c:CLAIMED_BY]->(s:Source)
    RETURN {source: s.id, published: s.published, origin: coalesce(s.origin, s.id), props: properties(c)}
  } AS claims
