// name: analyst/13-timeline-as-known-on-a-day
// description: Question 13: what did the sources say by a given day? The timeline from the claims of sources
//   published on or before $knownAt only (a source whose publication day is unknown never counts): each event's
//   bounds are the intersection of those claims' bounds, its status that of the latest of them (occurred from any
//   wins), and the sources left out are counted. The API's `known_at=` answers the same question, with the
//   precision of the intersection worked out (timeline_kg/claims.py). In Browser: `:param knownAt => '2024-04-03'`.
// mode: read
// param: knownAt | "2024-04-03" | the day ("YYYY-MM-DD")
// returns: one row per event known by then, in timeline order: earliest and latest possible day from the claims
//   known then, whether those claims conflict, the status then, title, the sources then, and how many sources of
//   unknown publication were left out
CALL () {
  MATCH (u:Source) WHERE u.published IS NULL AND u.publishedBasis = 'unknown'
  RETURN count(u) AS undatedSourcesLeftOut
}
MATCH (e:Event)-[c:CLAIMED_BY]->(s:Source)
WHERE s.published <= date($knownAt)
WITH undatedSourcesLeftOut, e, c, s ORDER BY s.published, s.id
WITH undatedSourcesLeftOut, e, collect({c: c, s: s}) AS known
WITH undatedSourcesLeftOut, e, known,
     [k IN known WHERE k.c.dateLower IS NOT NULL | k.c.dateLower] AS lowers,
     [k IN known WHERE k.c.dateUpper IS NOT NULL | k.c.dateUpper] AS uppers,
     reduce(latest = date('0001-01-01'), k IN known |
       CASE WHEN k.s.published > latest THEN k.s.published ELSE latest END) AS newest
WITH undatedSourcesLeftOut, e, known, newest,
     CASE WHEN size(lowers) = 0 THEN null ELSE reduce(m = lowers[0], d IN lowers | CASE WHEN d > m THEN d ELSE m END) END
       AS lower,
     CASE WHEN size(uppers) = 0 THEN null ELSE reduce(m = uppers[0], d IN uppers | CASE WHEN d < m THEN d ELSE m END) END
       AS upper
RETURN lower AS earliest,
       upper AS latest,
       lower IS NOT NULL AND upper IS NOT NULL AND lower > upper AS conflicting,
       CASE WHEN any(k IN known WHERE k.c.status = 'occurred') THEN 'occurred'
            ELSE [k IN known WHERE k.s.published = newest | k.c.status][0] END AS statusThen,
       coalesce([k IN known WHERE k.c.defines | k.c.title][0], [k IN known WHERE k.c.title IS NOT NULL | k.c.title][0],
                e.id) AS event,
       [k IN known | k.s.id] AS sourcesThen,
       undatedSourcesLeftOut
ORDER BY coalesce(lower, date('0001-01-01')), coalesce(upper, date('9999-12-31')), e.id
