// name: analyst/03-office-holders
// description: Question 3: who held an office, and when? The succession of holders of one office (by default the
//   Chinese defence ministry), each tenure with its start and end as the sources date them (EDTF; an open end is
//   unknown, not "now") and the appointment or dismissal that opened or closed it. Order: earliest possible start
//   first (an unknown start counts as earliest), then latest possible end.
//   In Neo4j Browser set the parameter first: `:param office => 'china-minister-of-national-defence'`.
// mode: read
// param: office | "china-minister-of-national-defence" | id of the :Office (list them with `MATCH (o:Office) RETURN o.id, o.name`)
// returns: one row per tenure, in order of succession: holder, start, end, the events that started and ended it,
//   and as paths for the graph view the tenure (`held`) and its opening and closing events (`changes`)
MATCH held = (person:Person)-[:HELD]->(t:Tenure)-[:OF_OFFICE]->(:Office {id: $office})
OPTIONAL MATCH opened = (started:Event)-[:STARTED]->(t)
OPTIONAL MATCH closed = (ended:Event)-[:ENDED]->(t)
RETURN person.name AS holder,
       t.start AS start,
       t.end AS end,
       started.title AS startedBy,
       ended.title AS endedBy,
       held,
       [p IN [opened, closed] WHERE p IS NOT NULL] AS changes
ORDER BY t.startLower IS NOT NULL, t.startLower, t.startUpper IS NULL, t.startUpper,
         t.endLower IS NOT NULL, t.endLower, t.endUpper IS NULL, t.endUpper, t.id
