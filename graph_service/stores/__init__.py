"""Read access to the graph, one interface over two stores (Neo4j, embedded networkx)."""
