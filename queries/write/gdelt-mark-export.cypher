// name: write/gdelt-mark-export
// description: Record that a GDELT export file is in the graph, in the same transaction as its events, so a
//   follower that restarts skips it (`load-gdelt --follow`): a checkpoint node per file, never an event's source.
// mode: write
// param: name | "20240403121500.export.CSV.zip" | the file's name in the update list
// param: url | "http://data.gdeltproject.org/gdeltv2/20240403121500.export.CSV.zip" | where it was read from
// param: md5 | "0123456789abcdef0123456789abcdef" | its MD5 from the update list (null for a directory)
// param: size | 123456 | its size in bytes
// param: events | 1234 | events loaded from it (after filters)
// param: loadedAt | "2024-04-03T12:16:00Z" | when it was loaded
// returns: the checkpoint's name
MERGE (f:GdeltExport {name: $name})
SET f.url = $url, f.md5 = $md5, f.size = $size, f.events = $events, f.loadedAt = datetime($loadedAt)
RETURN f.name AS name
