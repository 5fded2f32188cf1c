// name: write/gdelt-merge-events
// description: Create or update the :Event nodes of GDELT rows by id (gdelt-<GLOBALEVENTID>) and record the row's
//   source in `sources`. Day-precision date (EDTF and equal lower/upper bounds) from SQLDATE; recordedAt from
//   DATEADDED. Dates arrive as ISO text (cheaper to send than temporal values). Properties are set one by one,
//   not from a map, so the planner needs no Eager.
// mode: write
// param: rows | [{"id": "gdelt-1159482300", "source": "gdelt-src-0123456789abcdef", "title": "UNITED STATES – Consult – CHINA", "kind": "meeting", "status": "occurred", "date": "2024-04-03", "dateText": "20240403", "datePrecision": "day", "recordedAt": "2024-04-03T12:15:00Z", "isRootEvent": true, "cameoCode": "040", "cameoRoot": "04", "cameoName": "Consult", "quadClass": 1, "goldstein": 1.0, "avgTone": -2.1, "numMentions": 10, "numSources": 2, "numArticles": 10}] | one map per event; dates as ISO text
// returns: the number of nodes merged
UNWIND $rows AS row
MERGE (e:Event {id: row.id})
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
    e.sources = CASE WHEN row.source IN coalesce(e.sources, []) THEN e.sources
                     ELSE coalesce(e.sources, []) + row.source END
RETURN count(e) AS merged
