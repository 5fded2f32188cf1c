"""Latency of each API endpoint on each store, over real HTTP on loopback. A benchmark, not a test.

    .venv/bin/python bench/api_latency.py                  # embedded only, 200 requests per endpoint
    .venv/bin/python bench/api_latency.py --neo4j -n 300   # also Neo4j (NEO4J_URI/NEO4J_PASSWORD, or the local
                                                           # test server of tests/neo4j_server.py if running)

Each store gets the bundled article (Neo4j: the graph is emptied first, so never point it at data you keep) and
a uvicorn server on 127.0.0.1 in a child process; requests are sequential, one keep-alive connection, after a warm-up.
Prints p50/p95/max in milliseconds per endpoint and store, and the machine it ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from loaders.load import load_neo4j
from timeline_kg.settings import BUNDLED_SOURCES, Settings

ARTICLE = BUNDLED_SOURCES / "scmp-2024-04-03-us-china-defence-chiefs.yaml"
MAX_REQUESTS = 5000  # bounded: this is a latency probe, not a load test

ENDPOINTS = {
    "health": "/health",
    "ready": "/ready",
    "timeline": "/timeline?limit=100",
    "timeline actor": "/timeline?actor=lloyd-austin",
    "timeline range": "/timeline?from=2022-11-20&to=2023",
    "timeline timelinejs": "/timeline?format=timelinejs&limit=500",
    "event": "/events/china-freezes-military-contacts",
    "actors": "/actors",
    "actor": "/actors/lloyd-austin",
    "channels": "/channels",
    "channel history at": "/channels/us-china-military-communication/history?at=2023-06-01",
    "paths chronological": "/paths?from=pelosi-taiwan-visit&to=brown-liu-talks-2023-12&mode=chronological",
    "paths any k=10": "/paths?from=pelosi-taiwan-visit&to=brown-liu-talks-2023-12&k=10&max_hops=8",
    "404": "/events/no-such-event",
    "422": "/timeline?from=2023-13",
}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve(env: dict[str, str], port: int | None = None) -> Iterator[str]:
    """``uvicorn graph_service.app:create_app --factory`` in a child process on a free loopback port.

    A child process, not a thread: a server thread sharing the client's interpreter adds ~40 ms per request
    (measured), which would swamp what we want to see."""
    port = port or _free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "graph_service.app:create_app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    child = subprocess.Popen(command, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(url + "/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if child.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"the service did not start ({' '.join(command)})")
            time.sleep(0.2)
        yield url
    finally:
        child.terminate()
        child.wait(timeout=30)


def _base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["TIMELINE_KG_SOURCES"] = json.dumps([str(ARTICLE)])
    return env


@contextmanager
def embedded() -> Iterator[str]:
    with serve(_base_env()) as url:
        yield url


def _neo4j_env() -> dict[str, str]:
    if os.environ.get("NEO4J_URI"):
        return dict(os.environ)
    from graph_service import local_neo4j

    password = local_neo4j.read_password(local_neo4j.REPO_ROOT / "var" / "neo4j-test")
    if not password:
        sys.exit("no NEO4J_URI and no local test server password in var/neo4j-test; start one or set NEO4J_URI")
    return {**_base_env(), "NEO4J_URI": "bolt://127.0.0.1:7688", "NEO4J_PASSWORD": password}


@contextmanager
def neo4j_store() -> Iterator[str]:
    from timeline_kg.neo4j_connection import open_driver

    env = _neo4j_env()
    settings = Settings.model_validate({k: v for k, v in env.items() if k.startswith("NEO4J_")})
    driver = open_driver(settings)
    try:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=settings.neo4j_database)
        load_neo4j(driver, settings.neo4j_database, [ARTICLE])
    finally:
        driver.close()
    with serve(env) as url:
        yield url


def measure(url: str, n: int, warmup: int) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    with httpx.Client(base_url=url, timeout=60) as client:
        for name, path in ENDPOINTS.items():
            for _ in range(warmup):
                client.get(path)
            samples = []
            for _ in range(n):
                start = time.perf_counter()
                response = client.get(path)
                samples.append((time.perf_counter() - start) * 1000)
                if response.status_code >= 500:
                    raise SystemExit(f"{name}: {response.status_code} {response.text[:200]}")
            timings[name] = samples
    return timings


def percentile(samples: list[float], q: float) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[int(q) - 1] if len(samples) > 1 else samples[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=200, help=f"requests per endpoint (at most {MAX_REQUESTS})")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--neo4j", action="store_true", help="also measure the Neo4j store")
    parser.add_argument("--no-embedded", action="store_true")
    args = parser.parse_args()
    n = max(2, min(args.n, MAX_REQUESTS))

    stores = [] if args.no_embedded else [("embedded", embedded)]
    if args.neo4j:
        stores.append(("neo4j", neo4j_store))
    results: dict[str, dict[str, list[float]]] = {}
    for name, serve in stores:
        with serve() as url:
            results[name] = measure(url, n, args.warmup)

    print(
        f"# {platform.node()}: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}; {n} sequential requests per endpoint over loopback HTTP"
    )
    header = f"{'endpoint':<22}" + "".join(f"{s + ' p50':>14}{s + ' p95':>14}{s + ' max':>14}" for s in results)
    print(header)
    for endpoint in ENDPOINTS:
        row = f"{endpoint:<22}"
        for store in results:
            samples = results[store][endpoint]
            row += f"{percentile(samples, 50):>14.2f}{percentile(samples, 95):>14.2f}{max(samples):>14.2f}"
        print(row)


if __name__ == "__main__":
    main()
