// name: write/withdraw-claims
// description: Delete the loading source's claims on nodes it no longer says anything about (the node stays while
//   another source claims it; its properties are derived again afterwards).
// mode: write
// param: rows | [{"label": "Event", "id": "austin-wei-meeting-2022-11"}] | the nodes whose claim to withdraw
// param: source | "scmp-2024-04-03-us-china-defence-chiefs" | id of the source
// returns: the number of claims deleted
UNWIND $rows AS row
CALL (row) {
  MATCH (n:Event {id: row.id}) WHERE row.label = 'Event' RETURN n
  UNION
  MATCH (n:Entity {id: row.id}) WHERE row.label = 'Entity' RETURN n
  UNION
  MATCH (n:Tenure {id: row.id}) WHERE row.label = 'Tenure' RETURN n
}
MATCH (n)-[c:CLAIMED_BY {key: $source}]->(:Source {id: $source})
DELETE c
RETURN count(c) AS deleted
