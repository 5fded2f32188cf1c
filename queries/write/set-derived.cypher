// name: write/set-derived
// description: Set the properties derived from a node's claims (its date as the intersection of its claims',
//   status, title, sources, ...), only on nodes where one of them changed; a null removes the property.
// mode: write
// param: rows | [{"label": "Event", "id": "austin-wei-meeting-2022-11", "props": {"date": "2022-11", "conflicting": false}}] | one map per node
// returns: the number of nodes changed
UNWIND $rows AS row
CALL (row) {
  MATCH (n:Event {id: row.id}) WHERE row.label = 'Event' RETURN n
  UNION
  MATCH (n:Entity {id: row.id}) WHERE row.label = 'Entity' RETURN n
  UNION
  MATCH (n:Tenure {id: row.id}) WHERE row.label = 'Tenure' RETURN n
}
WITH n, row, any(k IN keys(row.props) WHERE NOT (n[k] = row.props[k]) OR (n[k] IS NULL) <> (row.props[k] IS NULL))
  AS changed
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END | SET n += row.props)
RETURN sum(CASE WHEN changed THEN 1 ELSE 0 END) AS changed
