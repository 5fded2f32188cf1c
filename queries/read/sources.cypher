// name: read/sources
// description: Sources by id, a page at a time: what each is and when it was published, never its text.
// mode: read
// param: after | null | id of the last source of the previous page, or null for the first page
// param: limit | 101 | how many sources to return
// returns: one row per source (`source`: its properties), by id
MATCH (s:Source)
WHERE $after IS NULL OR s.id > $after
RETURN s {.id, .title, .publisher, .url, .published, .publishedBasis, .language} AS source
ORDER BY s.id
LIMIT $limit
