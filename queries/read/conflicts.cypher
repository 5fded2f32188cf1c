// name: read/conflicts
// description: Events whose sources' dates share no day (derived date = the hull of the claims, `conflicting`),
//   each with every claim: the source, its date (EDTF, bounds, words), status and quote.
// mode: read
// returns: one row per conflicting event (`event`, `claims`), in timeline order
MATCH (e:Event)
WHERE e.conflicting
RETURN e {.id, .title, .kind, .status, .date, .dateLower, .dateUpper, .datePrecision, .dateText, .conflicting,
          .corroboration} AS event,
  COLLECT {
    MATCH (e)-[c:CLAIMED_BY]->(s:Source)
    RETURN c {.defines, .date, .dateLower, .dateUpper, .datePrecision, .dateText, .status, .title, .kind, .place,
              .quote, .quoteStart, .quoteEnd,
              source: s {.id, .title, .publisher, .published, url: [k IN keys(s) WHERE k = 'url' | s[k]][0]}}
  } AS claims
ORDER BY e.dateLower, e.dateUpper, e.id
