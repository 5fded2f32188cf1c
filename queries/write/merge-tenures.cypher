// name: write/merge-tenures
// description: Create or update :Tenure nodes by id and record that the loading source asserts them.
// mode: write
// param: rows | [{"id": "example", "props": {"id": "example"}}] | one map per node: id and properties
// param: source | "scmp-2024-04-03-us-china-defence-chiefs" | id of the source being loaded
// returns: the number of nodes merged
UNWIND $rows AS row
MERGE (n:Tenure {id: row.id})
SET n += row.props,
    n.sources = CASE WHEN $source IN coalesce(n.sources, []) THEN n.sources ELSE coalesce(n.sources, []) + $source END
RETURN count(n) AS merged
