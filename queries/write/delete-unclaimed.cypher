// name: write/delete-unclaimed
// description: Delete nodes no source claims any more (after a source was withdrawn or stopped naming them),
//   with their remaining relationships.
// mode: write
// param: rows | [{"label": "Event", "id": "austin-wei-meeting-2022-11"}] | nodes whose last claim was withdrawn
// returns: the number of nodes deleted
UNWIND $rows AS row
CALL (row) {
  MATCH (n:Event {id: row.id}) WHERE row.label = 'Event' RETURN n
  UNION
  MATCH (n:Entity {id: row.id}) WHERE row.label = 'Entity' RETURN n
  UNION
  MATCH (n:Tenure {id: row.id}) WHERE row.label = 'Tenure' RETURN n
}
WITH n WHERE NOT EXISTS { (n)-[:CLAIMED_BY]->() }
DETACH DELETE n
RETURN count(*) AS deleted
