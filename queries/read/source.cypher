// name: read/source
// description: One source with its whole stored text, into which every quote's offsets point
//   (substring(s.text, r.start, r.end - r.start) = r.quote for each REPORTED_BY r).
// mode: read
// param: id | "scmp-2024-04-03-us-china-defence-chiefs" | source id
// returns: one row, or none when there is no such source
MATCH (s:Source {id: $id})
RETURN s {.id, .title, .publisher, .url, .published, .publishedBasis, .language, .text} AS source
