"""The HTTP service over the event graph (app, routers, stores, models, derivations), and beside it the operations
tools: cli/ (the `timeline-kg` command) and local_neo4j/ (a local Neo4j server). See docs/architecture.md."""
