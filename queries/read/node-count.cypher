// name: read/node-count
// description: How many nodes the database holds (from the count store, not a scan): `load-gdelt --bulk`
//   refuses a database that is not empty.
// mode: read
// returns: one row: nodes
MATCH (n)
RETURN count(n) AS nodes
