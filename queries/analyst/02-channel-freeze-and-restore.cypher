// name: analyst/02-channel-freeze-and-restore
// description: Question 2: how was the military channel suspended and resumed? Every event that changed the
//   channel's state (suspended, used, resumed, advanced), in time order, with who took part and the events it
//   responded to, caused or led to (and who took part in those). Returns paths, so Browser draws the whole
//   story as one graph; the table view reads as a timeline of state changes.
//   In Neo4j Browser set the parameter first: `:param channel => 'us-china-military-communication'`.
// mode: read
// param: channel | "us-china-military-communication" | id of the :Channel (list them with `MATCH (c:Channel) RETURN c.id, c.name`)
// returns: one row per state change, earliest first: date, state, event title, status, and as paths for the
//   graph view the change itself (`change`), its participants (`who`) and its linked events with their
//   participants (`context`)
MATCH change = (e:Event)-[cs:CHANGED_STATE]->(:Channel {id: $channel})
OPTIONAL MATCH who = (e)<-[:PARTICIPATED_IN]-(:Entity)
WITH e, cs, change, collect(DISTINCT who) AS who
OPTIONAL MATCH link = (e)-[:IN_RESPONSE_TO|CAUSED|LED_TO|PART_OF]-(other:Event)
OPTIONAL MATCH linked = (other)<-[:PARTICIPATED_IN]-(:Person)
WITH e, cs, change, who, collect(DISTINCT link) + collect(DISTINCT linked) AS context
RETURN e.date AS date,
       cs.state AS state,
       e.title AS event,
       e.status AS status,
       change,
       who,
       context
ORDER BY e.dateLower IS NOT NULL, e.dateLower, e.dateUpper IS NULL, e.dateUpper, e.id
