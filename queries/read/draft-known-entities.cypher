// name: read/draft-known-entities
// description: Every entity the graph knows, with its names and what it is part of: what `timeline-kg draft` links mentions to.
// mode: read
// returns: one row per entity, by id
MATCH (n:Entity)
OPTIONAL MATCH (n)-[:PART_OF]->(whole:Entity)
RETURN n.id AS id, n.kind AS kind, n.name AS name, coalesce(n.aliases, []) AS aliases, whole.id AS partOf,
       [(n)-[:BETWEEN]->(party:Entity) | party.id] AS parties
ORDER BY id
