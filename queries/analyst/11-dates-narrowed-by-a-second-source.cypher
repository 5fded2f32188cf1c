// name: analyst/11-dates-narrowed-by-a-second-source
// description: Question 11: which events did a second source date more precisely? Events reported by more than
//   one source whose derived date (the intersection of every source's claim) is narrower than what the defining
//   source said alone: the newspaper's "November 2022" made a day by the readout's "met today". Each row shows
//   every claim, earliest published first.
// mode: read
// returns: one row per narrowed event, in timeline order: its derived date and words, the defining source's date,
//   how many days that left open and how many remain, every claim (source, published, date, words, quote), and
//   the event node
MATCH (e:Event)-[first:CLAIMED_BY]->(:Source)
WHERE first.defines AND e.claimCount > 1
  AND duration.inDays(coalesce(first.dateLower, date('0001-01-01')), coalesce(first.dateUpper, date('9999-12-31'))).days
      > duration.inDays(coalesce(e.dateLower, date('0001-01-01')), coalesce(e.dateUpper, date('9999-12-31'))).days
  AND NOT e.conflicting
MATCH (e)-[c:CLAIMED_BY]->(s:Source)
WITH e, first, c, s ORDER BY s.published IS NULL, s.published, s.id
WITH e, first, collect({source: s.id, published: s.published, date: c.date, saidAs: c.dateText, quote: c.quote})
     AS claims
RETURN e.date AS derivedDate,
       e.dateText AS saidAs,
       e.title AS event,
       first.date AS definedAs,
       duration.inDays(first.dateLower, first.dateUpper).days + 1 AS daysOpenBefore,
       duration.inDays(e.dateLower, e.dateUpper).days + 1 AS daysOpenNow,
       claims,
       e AS node
ORDER BY e.dateLower, e.dateUpper, e.id
