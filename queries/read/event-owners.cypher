// name: read/event-owners
// description: Every annotated event by the source that defines it (the others report it with same_as); the
//   loader checks a new file's event ids and same_as references against these. Walks from the annotated sources
//   (GDELT's carry `feed` and make no claims), not from every event.
// mode: read
// returns: one row per defined event: `id`, `definedBy` (a source id)
MATCH (s:Source)
WHERE s.feed IS NULL
MATCH (s)<-[c:CLAIMED_BY]-(e:Event)
WHERE c.defines
RETURN e.id AS id, s.id AS definedBy
