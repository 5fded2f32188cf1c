// name: read/event-owners
// description: Every annotated event by the source that defines it (the others report it with same_as); the
//   loader checks a new file's event ids and same_as references against these.
// mode: read
// returns: one row per defined event: `id`, `definedBy` (a source id)
MATCH (e:Event)-[c:CLAIMED_BY]->(s:Source)
WHERE c.defines
RETURN e.id AS id, s.id AS definedBy
