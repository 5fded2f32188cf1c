// name: analyst/07-expected-events
// description: Question 7: what was expected but is not yet known to have happened? Events whose status is
//   expected or planned (no source reports them as occurred or cancelled), earliest first, with who is to take
//   part and the words that announce them. `windowPassed` is true when the latest day the sources allow is
//   already behind today: time to look for news of it.
// mode: read
// returns: one row per expected or planned event, earliest first: date (EDTF), the source's words for it, title,
//   status, participants, whether its window has passed, the announcing quotes, and the event node
MATCH (e:Event)
WHERE e.status IN ['expected', 'planned']
OPTIONAL MATCH (who:Entity)-[:PARTICIPATED_IN]->(e)
WITH e, collect(DISTINCT who.name) AS participants
OPTIONAL MATCH (e)-[r:REPORTED_BY]->(:Source)
WITH e, participants, collect(r.quote) AS quotes
RETURN e.date AS date,
       e.dateText AS saidAs,
       e.title AS event,
       e.status AS status,
       participants,
       e.dateUpper IS NOT NULL AND e.dateUpper < date() AS windowPassed,
       quotes,
       e AS node
ORDER BY e.dateLower IS NOT NULL, e.dateLower, e.dateUpper IS NULL, e.dateUpper, e.id
