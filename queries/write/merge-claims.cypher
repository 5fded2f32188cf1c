// name: write/merge-claims
// description: Record what the loading source says about each node as its CLAIMED_BY relationship to the
//   source (keyed by the source's id): date, status, title, name, aliases ... and its first quote. A claim is
//   replaced whole, and only when it changed, so loading an unchanged source writes nothing readers could see.
//   The nodes and the :Source must be merged already.
// mode: write
// param: rows | [{"label": "Event", "id": "austin-wei-meeting-2022-11", "props": {"key": "scmp-2024-04-03-us-china-defence-chiefs", "defines": true, "date": "2022-11", "status": "occurred"}}] | one map per claimed node; props without nulls
// param: source | "scmp-2024-04-03-us-china-defence-chiefs" | id of the source being loaded
// returns: the number of claims merged, and how many of them changed
MATCH (s:Source {id: $source})
UNWIND $rows AS row
CALL (row) {
  MATCH (n:Event {id: row.id}) WHERE row.label = 'Event' RETURN n
  UNION
  MATCH (n:Entity {id: row.id}) WHERE row.label = 'Entity' RETURN n
  UNION
  MATCH (n:Tenure {id: row.id}) WHERE row.label = 'Tenure' RETURN n
}
MERGE (n)-[c:CLAIMED_BY {key: $source}]->(s)
WITH c, row, properties(c) <> row.props AS changed
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END | SET c = row.props)
RETURN count(c) AS merged, sum(CASE WHEN changed THEN 1 ELSE 0 END) AS changed
