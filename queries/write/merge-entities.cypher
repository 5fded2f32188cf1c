// name: write/merge-entities
// description: Create or update :Entity nodes by id, add the label of their kind (:Person, :Country, ...), and
//   record that the loading source asserts them. Kind labels come from the closed EntityLabel enum.
// mode: write
// param: rows | [{"id": "lloyd-austin", "kind": "Person", "props": {"id": "lloyd-austin", "name": "Lloyd Austin"}}] | one map per entity
// param: source | "scmp-2024-04-03-us-china-defence-chiefs" | id of the source being loaded
// returns: the number of nodes merged
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n += row.props,
    n:$(row.kind),
    n.sources = CASE WHEN $source IN coalesce(n.sources, []) THEN n.sources ELSE coalesce(n.sources, []) + $source END
RETURN count(n) AS merged
