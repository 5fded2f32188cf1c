// name: write/gdelt-link-corroboration
// description: Link each GDELT event that matches an annotated event as its corroboration, never merging the two:
//   (gdelt)-[:CORROBORATES]->(annotated). A match falls on a day within the annotated event's bounds (both bounds
//   known), has a CAMEO root compatible with the annotated kind ($roots, derived from the loader's CAMEO-to-kind
//   table), and both its actors' countries are the annotated event's countries: a participant that is a country
//   counts as itself, a person as the country of an office they held (HELD, OF_OFFICE, PART_OF); countries are
//   matched by name with GDELT's country actors (UNITED STATES, CHINA). Idempotent (MERGE). Run after GDELT loads;
//   annotated events are those an article (a :Source with `published`) reports.
// mode: write
// param: roots | {"call": ["04"], "meeting": ["04"], "talks": ["04"], "visit": ["04"], "agreement": ["05", "06"]} | compatible CAMEO roots by annotated event kind
// param: feed | "gdelt-2.0-events" | id of the feed's :Source, the link's provenance
// returns: one row: links made or found
MATCH (article:Source) WHERE article.published IS NOT NULL
// Annotated events are found from their articles (a source with a publication date, through its index), not by
// scanning every event: after each 15-minute file the follower runs this over millions of GDELT events.
MATCH (a:Event)-[:REPORTED_BY]->(article)
WITH DISTINCT a
WHERE a.cameoCode IS NULL AND a.dateLower IS NOT NULL AND a.dateUpper IS NOT NULL AND a.kind IN keys($roots)
CALL (a) {
  MATCH (a)<-[:PARTICIPATED_IN]-(p:Entity)
  OPTIONAL MATCH (p)-[:HELD]->(:Tenure)-[:OF_OFFICE]->(:Entity)-[:PART_OF]->(office:Entity {kind: 'country'})
  WITH CASE WHEN p.kind = 'country' THEN p ELSE office END AS country
  WHERE country IS NOT NULL
  WITH collect(DISTINCT toLower(country.name)) AS names
  MATCH (g:Country)
  WHERE g.gdeltCode IS NOT NULL AND g.gdeltCode = g.countryCode AND toLower(g.name) IN names
  RETURN collect(DISTINCT g.countryCode) AS codes
}
WITH a, codes, $roots[a.kind] AS roots
WHERE size(codes) > 0
MATCH (g:Event)
WHERE g.dateLower >= a.dateLower AND g.dateLower <= a.dateUpper AND g.cameoRoot IN roots
MATCH (x:Entity)-[:PARTICIPATED_IN {role: 'initiator'}]->(g)<-[:PARTICIPATED_IN {role: 'target'}]-(y:Entity)
WHERE x.countryCode IN codes AND y.countryCode IN codes
  AND all(code IN codes WHERE code IN [x.countryCode, y.countryCode])
MERGE (g)-[c:CORROBORATES]->(a)
SET c.sources = [$feed], c.basis = "day within bounds, both actors' countries, compatible CAMEO root"
RETURN count(c) AS links
