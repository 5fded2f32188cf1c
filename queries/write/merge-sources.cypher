// name: write/merge-sources
// description: Create or update :Source nodes by id and record that the loading source asserts them.
// mode: write
// param: rows | [{"id": "example", "props": {"id": "example"}}] | one map per node: id and properties
// param: source | "scmp-2024-04-03-us-china-defence-chiefs" | id of the source being loaded
// returns: the number of nodes merged
UNWIND $rows AS row
MERGE (n:Source {id: row.id})
// Written only when a property differs (a null removes one), so reloading an unchanged source writes nothing.
WITH n, row, any(k IN keys(row.props) WHERE NOT (n[k] = row.props[k]) OR (n[k] IS NULL) <> (row.props[k] IS NULL))
  AS changed
FOREACH (_ IN CASE WHEN changed THEN [1] ELSE [] END | SET n += row.props)
SET n.sources = CASE WHEN $source IN coalesce(n.sources, []) THEN n.sources ELSE coalesce(n.sources, []) + $source END
RETURN count(n) AS merged
