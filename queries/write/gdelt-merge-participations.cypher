// name: write/gdelt-merge-participations
// description: PARTICIPATED_IN from GDELT actors to their events, keyed by role (Actor1 is the initiator, Actor2
//   the target), recording the row's source. Both ends must already be merged. Used by loaders/gdelt.py.
// mode: write
// param: rows | [{"actor": "gdelt-actor-usa-united-states", "event": "gdelt-1159482300", "role": "initiator", "source": "gdelt-src-0123456789abcdef"}] | one map per participation
// returns: the number of relationships merged
UNWIND $rows AS row
MATCH (a:Entity {id: row.actor})
MATCH (e:Event {id: row.event})
// role is part of the pattern: setting it after a MERGE that reads row.role would make the plan Eager.
MERGE (a)-[r:PARTICIPATED_IN {key: row.role, role: row.role}]->(e)
SET r.sources = CASE WHEN row.source IN coalesce(r.sources, []) THEN r.sources
                     ELSE coalesce(r.sources, []) + row.source END
RETURN count(r) AS merged
