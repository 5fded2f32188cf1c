// name: schema
// description: Uniqueness constraints and range indexes of the graph model (docs/graph-model.md), created before
//   any load. Idempotent: every statement is IF NOT EXISTS.
// mode: schema
// returns: nothing
CREATE CONSTRAINT source_id IF NOT EXISTS FOR (n:Source) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT event_id IF NOT EXISTS FOR (n:Event) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT tenure_id IF NOT EXISTS FOR (n:Tenure) REQUIRE n.id IS UNIQUE;
CREATE INDEX event_date_lower IF NOT EXISTS FOR (n:Event) ON (n.dateLower);
CREATE INDEX event_date_upper IF NOT EXISTS FOR (n:Event) ON (n.dateUpper);
CREATE INDEX event_kind IF NOT EXISTS FOR (n:Event) ON (n.kind);
CREATE INDEX event_status IF NOT EXISTS FOR (n:Event) ON (n.status);
CREATE INDEX event_date_precision IF NOT EXISTS FOR (n:Event) ON (n.datePrecision);
CREATE INDEX entity_kind IF NOT EXISTS FOR (n:Entity) ON (n.kind);
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX tenure_start_lower IF NOT EXISTS FOR (n:Tenure) ON (n.startLower);
CREATE INDEX source_published IF NOT EXISTS FOR (n:Source) ON (n.published);
CREATE INDEX source_loaded_at IF NOT EXISTS FOR (n:Source) ON (n.loadedAt);
CREATE CONSTRAINT gdelt_export_name IF NOT EXISTS FOR (n:GdeltExport) REQUIRE n.name IS UNIQUE;
