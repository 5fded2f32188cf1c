// name: analyst/01-actor-timeline
// description: Question 1: what did one actor take part in, in time order? Every event a person, country,
//   organisation or office took part in, with the role and the office they acted in. Order is the graph model's:
//   earliest possible day first (an open start counts as earliest), then latest possible day, then id.
//   In Neo4j Browser set the parameter first: `:param actor => 'lloyd-austin'`.
// mode: read
// param: actor | "lloyd-austin" | id of the actor (list them with `MATCH (n:Entity) RETURN n.id, n.name`)
// returns: one row per event the actor took part in, earliest first: date (EDTF), event title, kind, status,
//   role, office acted in, and the event id
MATCH (actor:Entity {id: $actor})-[took:PARTICIPATED_IN]->(e:Event)
OPTIONAL MATCH (office:Office {id: took.office})
RETURN e.date AS date,
       e.title AS event,
       e.kind AS kind,
       e.status AS status,
       took.role AS role,
       office.name AS office,
       e.id AS id
ORDER BY e.dateLower IS NOT NULL, e.dateLower, e.dateUpper IS NULL, e.dateUpper, e.id
