// name: analyst/06-source-report
// description: Question 6: what does one source report, and in which words? Every fact the source asserts with
//   the quote that supports it, in the order the quotes appear in its text: events, tenures and entities (quoted
//   on their REPORTED_BY edge) and the links between events (quoted on the link itself). `checked` says whether
//   the quote is exactly the source's text at the recorded offsets.
//   In Neo4j Browser set the parameter first: `:param source => 'scmp-2024-04-03-us-china-defence-chiefs'`.
// mode: read
// param: source | "scmp-2024-04-03-us-china-defence-chiefs" | id of the :Source (list them with `MATCH (s:Source) RETURN s.id, s.title`)
// returns: one row per quote, in text order: character offset, what kind of fact, its id, its title or name, the
//   quote, whether it is an evidence quote or an entity's first mention, and whether the offsets check out
MATCH (s:Source {id: $source})
CALL (s) {
  MATCH (fact)-[r:REPORTED_BY]->(s)
  RETURN r.start AS at, r.end AS until, [l IN labels(fact) WHERE l <> 'Entity'][0] AS fact, fact.id AS id,
         coalesce(fact.title, fact.name) AS about, r.quote AS quote, r.kind AS kind
  UNION ALL
  MATCH (a:Event)-[r:CAUSED|LED_TO|IN_RESPONSE_TO|PART_OF]->(b:Event)
  WHERE s.id IN coalesce(r.evidenceSources, [])
  UNWIND [i IN range(0, size(r.quotes) - 1) WHERE r.evidenceSources[i] = s.id] AS i
  RETURN r.quoteStarts[i] AS at, r.quoteEnds[i] AS until, type(r) AS fact, a.id + ' -> ' + b.id AS id,
         a.title + ' ' + toLower(replace(type(r), '_', ' ')) + ' ' + b.title AS about, r.quotes[i] AS quote,
         'evidence' AS kind
}
RETURN at, fact, id, about, quote, kind, substring(s.text, at, until - at) = quote AS checked
ORDER BY at, fact, id
