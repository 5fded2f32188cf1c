// name: analyst/14-gdelt-corroboration
// description: Question 14: Which GDELT events corroborate the annotated events? Each annotated event with the
//   GDELT events linked to it (same day within its bounds, both actors' countries, a compatible CAMEO root; see
//   queries/write/gdelt-link-corroboration.cypher), their CAMEO codes, dates and source URLs, most corroborated
//   first. Nothing is merged: the article's event and GDELT's stay apart. Needs no parameter.
// mode: read
// returns: one row per annotated event with GDELT corroboration: id, title, date, and its GDELT events
MATCH (g:Event)-[:CORROBORATES]->(a:Event)
OPTIONAL MATCH (g)-[:REPORTED_BY]->(s:Source)
WITH a, g, s
ORDER BY g.dateLower, g.id
WITH a, collect({id: g.id, title: g.title, date: g.date, cameoCode: g.cameoCode, goldstein: g.goldstein,
                 url: coalesce(s.url, s.citation)}) AS gdelt
RETURN a.id AS id, a.title AS title, a.date AS date, size(gdelt) AS corroborations, gdelt
ORDER BY corroborations DESC, id
