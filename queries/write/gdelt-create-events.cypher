// name: write/gdelt-create-events
// description: Create the :Event nodes of GDELT rows known to be new (the loader asked the graph first, in the
//   same transaction: write/gdelt-existing-events) with their REPORTED_BY, PARTICIPATED_IN and OCCURRED_IN, whose
//   end nodes must be merged already. CREATE skips the lookups MERGE makes for each event and each relationship;
//   the properties are those of write/gdelt-merge-events, which handles events already in the graph.
// mode: write
// param: rows | [{"id": "gdelt-1159482300", "source": "gdelt-src-0123456789abcdef", "title": "UNITED STATES – Consult – CHINA", "kind": "meeting", "status": "occurred", "date": "2024-04-03", "dateText": "20240403", "datePrecision": "day", "recordedAt": "2024-04-03T12:15:00Z", "isRootEvent": true, "cameoCode": "040", "cameoRoot": "04", "cameoName": "Consult", "quadClass": 1, "goldstein": 1.0, "avgTone": -2.1, "numMentions": 10, "numSources": 2, "numArticles": 10, "actors": [{"actor": "gdelt-actor-usa-united-states", "role": "initiator"}, {"actor": "gdelt-actor-chn-china", "role": "target"}], "place": "gdelt-place-531871"}] | one map per event, with the ids of its actors (and roles), place and source
// returns: one row: events created, and the PARTICIPATED_IN and OCCURRED_IN relationships created
UNWIND $rows AS row
CREATE (e:Event {id: row.id})
SET e.title = row.title,
    e.kind = row.kind,
    e.status = row.status,
    e.date = row.date,
    e.dateText = row.dateText,
    e.dateLower = date(row.date),
    e.dateUpper = date(row.date),
    e.datePrecision = row.datePrecision,
    e.recordedAt = datetime(row.recordedAt),
    e.isRootEvent = row.isRootEvent,
    e.cameoCode = row.cameoCode,
    e.cameoRoot = row.cameoRoot,
    e.cameoName = row.cameoName,
    e.quadClass = row.quadClass,
    e.goldstein = row.goldstein,
    e.avgTone = row.avgTone,
    e.numMentions = row.numMentions,
    e.numSources = row.numSources,
    e.numArticles = row.numArticles,
    e.sources = [row.source]
WITH e, row
MATCH (s:Source {id: row.source})
CREATE (e)-[:REPORTED_BY {key: 'gdelt', kind: 'gdelt', sources: [row.source]}]->(s)
WITH e, row
CALL (e, row) {
  UNWIND row.actors AS p
  MATCH (a:Entity {id: p.actor})
  CREATE (a)-[r:PARTICIPATED_IN {key: p.role, role: p.role, sources: [row.source]}]->(e)
  RETURN count(r) AS participations
}
CALL (e, row) {
  UNWIND CASE WHEN row.place IS NULL THEN [] ELSE [row.place] END AS placeId
  MATCH (pl:Entity {id: placeId})
  CREATE (e)-[o:OCCURRED_IN {key: '', sources: [row.source]}]->(pl)
  RETURN count(o) AS occurrences
}
RETURN count(e) AS merged, sum(participations) AS participations, sum(occurrences) AS occurrences
