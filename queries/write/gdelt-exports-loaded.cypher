// name: write/gdelt-exports-loaded
// description: Which of the given GDELT export files are recorded as loaded (write/gdelt-mark-export): the
//   follower's checkpoint, read before each file it might load.
// mode: read
// param: names | ["20240403121500.export.CSV.zip"] | file names from the update list
// returns: one row: the names already loaded
UNWIND $names AS name
MATCH (f:GdeltExport {name: name})
RETURN collect(name) AS loaded
