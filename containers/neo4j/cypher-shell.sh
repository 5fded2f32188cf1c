#!/bin/sh
# Neo4j's own cypher-shell (tools/neo4j/cypher-shell.pom.xml), as the official image has it.
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xmx128m -cp '/opt/cypher-shell/lib/*' org.neo4j.shell.Main "$@"
