// name: read/ping
// description: The cheapest read: answers when the database does.
// mode: read
// returns: one row, ok = 1
RETURN 1 AS ok
