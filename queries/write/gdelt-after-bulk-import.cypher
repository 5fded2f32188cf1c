// name: write/gdelt-after-bulk-import
// description: What `load-gdelt --bulk` runs once the imported store is up and queries/schema.cypher has been
//   applied: wait for the indexes to be populated, then give actors and places the empty `aliases` list the
//   online loader sets (neo4j-admin import cannot write an empty list). Auto-commit statements, in batches.
// mode: schema
// returns: nothing
CALL db.awaitIndexes(600);
MATCH (n:Entity) WHERE n.aliases IS NULL
CALL (n) { SET n.aliases = [] } IN TRANSACTIONS OF 20000 ROWS;
