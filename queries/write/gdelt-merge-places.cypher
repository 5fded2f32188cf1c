// name: write/gdelt-merge-places
// description: Create or update the places of GDELT events (ActionGeo) as :Entity:Place nodes by id
//   (gdelt-place-<FeatureID>), with coordinates and ADM codes, recording the feed as their source.
// mode: write
// param: rows | [{"id": "gdelt-place-531871", "name": "Washington, District of Columbia, United States", "geoType": 3, "countryCode": "US", "adm1Code": "USDC", "adm2Code": null, "lat": 38.8951, "long": -77.0364, "featureId": "531871"}] | one map per place, deduplicated
// param: feed | "gdelt-2.0-events" | id of the feed's :Source
// returns: the number of nodes merged
UNWIND $rows AS row
MERGE (n:Entity {id: row.id})
SET n:Place,
    n.name = row.name,
    n.kind = 'place',
    n.aliases = coalesce(n.aliases, []),
    n.geoType = row.geoType,
    n.countryCode = row.countryCode,
    n.adm1Code = row.adm1Code,
    n.adm2Code = row.adm2Code,
    n.lat = row.lat,
    n.long = row.long,
    n.featureId = row.featureId,
    n.sources = CASE WHEN $feed IN coalesce(n.sources, []) THEN n.sources ELSE coalesce(n.sources, []) + $feed END
RETURN count(n) AS merged
