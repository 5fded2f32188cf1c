// name: write/delete-source
// description: Delete a :Source node once everything it asserted has been withdrawn (write/withdraw-claims,
//   write/withdraw-relationships).
// mode: write
// param: source | "scmp-2024-04-03-us-china-defence-chiefs" | id of the source
// returns: the number of nodes deleted
MATCH (s:Source {id: $source})
DETACH DELETE s
RETURN count(*) AS deleted
