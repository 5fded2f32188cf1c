// name: read/actor-degrees
// description: How many events each actor took part in: the store walks a timeline from its rarest actor when that
//   is cheap, and by date when every actor is busy. A node's degree is read from its relationship counts, not by
//   walking them.
// mode: read
// param: actors | ["lloyd-austin", "wei-fenghe"] | entity ids
// returns: one row per id: `id`, `events` (0 for an unknown id)
UNWIND $actors AS id
OPTIONAL MATCH (a:Entity {id: id})
RETURN id, CASE WHEN a IS NULL THEN 0 ELSE COUNT { (a)-[:PARTICIPATED_IN]->() } END AS events
