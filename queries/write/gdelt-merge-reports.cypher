// name: write/gdelt-merge-reports
// description: REPORTED_BY from GDELT events to the :Source of their SOURCEURL: the provenance edge. GDELT gives
//   no quote, so the edge has kind "gdelt" and no quote or offsets. Both ends must already be merged.
// mode: write
// param: rows | [{"event": "gdelt-1159482300", "source": "gdelt-src-0123456789abcdef"}] | one map per event
// returns: the number of relationships merged
UNWIND $rows AS row
MATCH (e:Event {id: row.event})
MATCH (s:Source {id: row.source})
MERGE (e)-[r:REPORTED_BY {key: 'gdelt'}]->(s)
SET r.kind = 'gdelt',
    r.sources = CASE WHEN row.source IN coalesce(r.sources, []) THEN r.sources
                     ELSE coalesce(r.sources, []) + row.source END
RETURN count(r) AS merged
