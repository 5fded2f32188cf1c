// name: analyst/12-conflicting-dates
// description: Question 12: where do sources disagree on when something happened? Events whose sources' dates
//   share no day: the graph keeps every claim and dates the event by their hull (`conflicting`). Each row lists
//   the claims with their sources, publication days and quotes.
// mode: read
// returns: one row per conflicting event, in timeline order: the hull date, title, every claim (source,
//   publisher, published, date, words, status, quote), and the event node
MATCH (e:Event)
WHERE e.conflicting
MATCH (e)-[c:CLAIMED_BY]->(s:Source)
WITH e, c, s ORDER BY s.published IS NULL, s.published, s.id
WITH e, collect({source: s.id, publisher: s.publisher, published: s.published, date: c.date, saidAs: c.dateText,
                 status: c.status, quote: c.quote}) AS claims
RETURN e.date AS hull, e.title AS event, claims, e AS node
ORDER BY e.dateLower, e.dateUpper, e.id
