// name: write/gdelt-merge-actors
// description: Create or update the GDELT actors as :Entity nodes by id (gdelt-actor-<code>-<name>), labelled
//   :Country when the actor is a bare country code (CHN) and :Organisation otherwise (CHNGOV, IGOUNO, named
//   people under a role code), recording the feed as their source. Used by loaders/gdelt/write.py.
// mode: write
// param: rows | [{"id": "gdelt-actor-chn-china", "isCountry": true, "name": "CHINA", "kind": "country", "gdeltCode": "CHN", "countryCode": "CHN", "knownGroupCode": null, "ethnicCode": null, "religion1Code": null, "religion2Code": null, "type1Code": null, "type2Code": null, "type3Code": null}] | one map per actor, deduplicated
// param: feed | "gdelt-2.0-events" | id of the feed's :Source
// returns: the number of nodes merged
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n.name = row.name,
    n.kind = row.kind,
    n.aliases = coalesce(n.aliases, []),
    n.gdeltCode = row.gdeltCode,
    n.countryCode = row.countryCode,
    n.knownGroupCode = row.knownGroupCode,
    n.ethnicCode = row.ethnicCode,
    n.religion1Code = row.religion1Code,
    n.religion2Code = row.religion2Code,
    n.type1Code = row.type1Code,
    n.type2Code = row.type2Code,
    n.type3Code = row.type3Code,
    n.sources = CASE WHEN $feed IN coalesce(n.sources, []) THEN n.sources ELSE coalesce(n.sources, []) + $feed END
// Static labels chosen by a flag: a dynamic label ($(row.label)) would make the plan Eager.
FOREACH (_ IN CASE WHEN row.isCountry THEN [1] ELSE [] END | SET n:Country)
FOREACH (_ IN CASE WHEN row.isCountry THEN [] ELSE [1] END | SET n:Organisation)
RETURN count(n) AS merged
