// name: write/gdelt-merge-sources
// description: Create or update the :Source nodes of GDELT rows (one per SOURCEURL, id from the URL's hash) and
//   the feed's own :Source; each lists itself in `sources`, like an article's source. Properties are set one by
//   one, not from a map, so the planner needs no Eager. Used by loaders/gdelt/write.py.
// mode: write
// param: rows | [{"id": "gdelt-src-0123456789abcdef", "url": "https://example.com/a.html", "citation": null, "publisher": "example.com", "title": null}] | one map per source, deduplicated
// param: loadedAt | "2024-04-03T12:00:00Z" | when this load ran (load time, not event or publication time)
// param: feed | "gdelt-2.0-events" | id of the feed's :Source
// returns: the number of nodes merged
UNWIND $rows AS row
MERGE (s:Source {id: row.id})
SET s.url = row.url,
    s.citation = row.citation,
    s.publisher = row.publisher,
    s.title = row.title,
    s.feed = $feed,
    s.loadedAt = datetime($loadedAt),
    s.sources = CASE WHEN row.id IN coalesce(s.sources, []) THEN s.sources ELSE coalesce(s.sources, []) + row.id END
RETURN count(s) AS merged
