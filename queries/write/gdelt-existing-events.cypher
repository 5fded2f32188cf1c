// name: write/gdelt-existing-events
// description: Which of a batch's GDELT event ids are already in the graph, asked once per batch inside the
//   batch's write transaction, so the loader CREATEs the new events and MERGEs only the others.
// mode: read
// param: ids | ["gdelt-1159482300", "gdelt-1159482301"] | the batch's event ids
// returns: one row: the ids already present
UNWIND $ids AS id
MATCH (e:Event {id: id})
RETURN collect(id) AS existing
