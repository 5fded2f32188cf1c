// name: write/gdelt-merge-occurrences
// description: OCCURRED_IN from GDELT events to the place of the action (ActionGeo), recording the row's source.
//   Both ends must already be merged. Used by loaders/gdelt.py.
// mode: write
// param: rows | [{"event": "gdelt-1159482300", "place": "gdelt-place-531871", "source": "gdelt-src-0123456789abcdef"}] | one map per event with a place
// returns: the number of relationships merged
UNWIND $rows AS row
MATCH (e:Event {id: row.event})
MATCH (p:Entity {id: row.place})
MERGE (e)-[r:OCCURRED_IN {key: ''}]->(p)
SET r.sources = CASE WHEN row.source IN coalesce(r.sources, []) THEN r.sources
                     ELSE coalesce(r.sources, []) + row.source END
RETURN count(r) AS merged
