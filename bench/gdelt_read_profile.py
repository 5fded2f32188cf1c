"""Where a read's time goes at scale: the store called in-process (no HTTP, no uvicorn) and the server's own
timing (result available / consumed) of the timeline query, on the graph bench/gdelt_bench.py left behind.

    .venv/bin/python bench/gdelt_read_profile.py [--bolt-port 17611 --http-port 17612]

Set against the benchmark's HTTP latencies, it tells the server's share from the service's on the same machine.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from gdelt_bench import DATABASE, HOME, Server, _targets  # noqa: E402

import queries  # noqa: E402
from graph_service import local_neo4j  # noqa: E402
from graph_service.stores.base import PathQuery, TimelineQuery  # noqa: E402
from graph_service.stores.neo4j import Neo4jStore  # noqa: E402


def _summary(samples: list[float]) -> dict[str, float]:
    cut = statistics.quantiles(samples, n=100, method="inclusive")
    return {"n": len(samples), "p50ms": cut[49], "p95ms": cut[94]}


def _timed(call: Any, n: int) -> dict[str, float]:
    for _ in range(3):
        call()
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    return _summary(samples)


def main() -> None:
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bolt-port", type=int, default=17611)
    parser.add_argument("--http-port", type=int, default=17612)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    server = Server(args.bolt_port, args.http_port, "2g", "2g")
    server.start()
    try:
        actor_a, actor_b, year = _targets(server)
        with server.driver() as driver:
            store = Neo4jStore(driver, DATABASE, timeout=60)
            timeline = TimelineQuery.model_validate({"actor": [actor_a], "from": str(year), "to": str(year)})
            out: dict[str, Any] = {"actor": actor_a, "otherActor": actor_b, "year": year}
            out["storeTimeline"] = _timed(lambda: store.timeline(timeline), args.requests)
            paths = PathQuery(from_id=actor_a, to_id=actor_b, mode="chronological")
            out["storePaths"] = _timed(lambda: store.paths(paths), args.requests)
            params = {
                "filters": {
                    "actors": [actor_a], "match": "all", "kinds": [], "statuses": [], "channels": [], "topics": [],
                    "sources": [], "rangeStart": f"{year}-01-01", "rangeEnd": f"{year}-12-31",
                },
                "cursor": {"lower": None, "upper": None, "id": None},
                "earliest": "0001-01-01", "latest": "9999-12-31", "limit": 101,
            }  # fmt: skip
            server_ms = []
            with driver.session(database=DATABASE) as session:
                for _ in range(args.requests):
                    summary = session.run(queries.load("read/timeline").text, params).consume()
                    server_ms.append(
                        float((summary.result_available_after or 0) + (summary.result_consumed_after or 0))
                    )
                profiled = session.run("PROFILE " + queries.load("read/timeline").text, params).consume()
            out["serverTimeline"] = _summary(server_ms)
            out["timelineDbHits"] = _db_hits(profiled.profile or {})
    finally:
        local_neo4j.stop(HOME)
    print(json.dumps(out, indent=2))


def _db_hits(plan: dict[str, Any]) -> int:
    return int(plan.get("dbHits", 0)) + sum(_db_hits(child) for child in plan.get("children", []))


if __name__ == "__main__":
    main()
