// name: analyst/10-named-events
// description: Question 10: what happened at the events the story turns on? The named events (by default the
//   four the article dates: the Austin-Wei meeting in Cambodia, November 2022; the spy balloon, 2023; the Xi-Biden
//   summit in California, November 2023; the Brown-Liu talks, December 2023), in time order, with who took part,
//   where, and what each did to a channel of contact. Returns paths, so Browser draws them.
//   In Neo4j Browser set the parameter first: `:param events => ['austin-wei-meeting-2022-11', 'balloon-discovery',
//   'xi-biden-california-meeting-2023-11', 'brown-liu-talks-2023-12']`.
// mode: read
// param: events | ["austin-wei-meeting-2022-11", "balloon-discovery", "xi-biden-california-meeting-2023-11", "brown-liu-talks-2023-12"] | ids of the events to show
// returns: one row per event, earliest first: date, title, kind, participants' names, place, channel changes, and
//   as paths for the graph view its participants, place and channel changes (`around`)
MATCH (e:Event)
WHERE e.id IN $events
OPTIONAL MATCH around = (e)-[:PARTICIPATED_IN|OCCURRED_IN|CHANGED_STATE]-(:Entity)
WITH e, collect(around) AS around
RETURN e.date AS date,
       e.title AS event,
       e.kind AS kind,
       [p IN around WHERE type(relationships(p)[0]) = 'PARTICIPATED_IN' | last(nodes(p)).name] AS participants,
       [p IN around WHERE type(relationships(p)[0]) = 'OCCURRED_IN' | last(nodes(p)).name][0] AS place,
       [p IN around WHERE type(relationships(p)[0]) = 'CHANGED_STATE'
         | relationships(p)[0].state + ' ' + last(nodes(p)).name] AS channelChanges,
       around
ORDER BY e.dateLower IS NOT NULL, e.dateLower, e.dateUpper IS NULL, e.dateUpper, e.id
