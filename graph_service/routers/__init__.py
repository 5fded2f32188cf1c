"""One router per resource; each route names its operation id, summary, parameters and an example."""
