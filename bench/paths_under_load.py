"""/paths under concurrent clients, and the first request after start. A benchmark, not a test.

    .venv/bin/python bench/paths_under_load.py            # embedded store
    .venv/bin/python bench/paths_under_load.py --neo4j    # also Neo4j (NEO4J_URI/NEO4J_PASSWORD, or the local
                                                          # test server; the graph is emptied and reloaded)

For each store, over loopback HTTP to a uvicorn child process (bench/api_latency.py), p50/p95/max and the status
counts (503s included) of /paths requests, and the ratio of each p95 to the single client's (issue 10 asks for at
most 5x with 20 clients):

- a mix of four searches, repeated: the service keeps an answer per graph version (graph_service/path_cache.py),
  so after the first of each this measures answers reused;
- distinct pairs of ends, none asked twice: every request is a search;

each from 1 client, from 20 clients in a closed loop (each sends its next request as soon as it has the answer:
saturation), and from 20 clients that pause between requests (exponential think time, its mean chosen so that
they offer half the requests per second the closed loop got answered: a busy service, not a saturated one).
A closed loop of N clients on C cores of CPU-bound requests queues each request behind ~N/C others, so its p95
ratio tends to N/C (10x for 20 clients on 2 cores, more where Python's GIL holds the service to one core)
whatever the work per request: the paced figure is the one that says how the service behaves under load.
On Neo4j, also the first request of a fresh service after Neo4j's query caches were cleared, against the median
of warm ones (issue 10 asks for at most 10x): new values on every request, so the warm-up's plans must fit them.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import functools
import os
import platform
import random
import statistics
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from api_latency import _neo4j_env, embedded, neo4j_store, percentile, serve

PATHS = [
    "/paths?from=pelosi-taiwan-visit&to=brown-liu-talks-2023-12&mode=chronological",
    "/paths?from=brown-liu-talks-2023-12&to=pelosi-taiwan-visit&k=10&max_hops=10&mode=chronological",
    "/paths?from=wei-fenghe&to=dong-jun&k=5",
    "/paths?from=lloyd-austin&to=china&k=3&max_hops=4",
]
# First requests: each with values the warm-up never used (ids of other lengths, a range, no actor), then the same
# request again, warm. Pairs of (first, warm) URLs.
FIRST = [
    ("/timeline?from=2023&to=2023", "/timeline?from=2023&to=2023"),
    ("/timeline?actor=wei-fenghe&from=2022-11-20", "/timeline?actor=wei-fenghe&from=2022-11-20"),
    ("/paths?from=wei-fenghe&to=dong-jun&k=5", "/paths?from=wei-fenghe&to=dong-jun&k=5&mode=causal"),
    ("/paths?from=lloyd-austin&to=china&mode=chronological", "/paths?from=lloyd-austin&to=china"),
    ("/events/balloon-discovery", "/events/balloon-discovery"),
    ("/channels/us-china-military-communication/history", "/channels/us-china-military-communication/history"),
]
Request = Callable[[int], str]  # the i-th request of a client


def _client_run(url: str, requests: int, nth: Request, think_ms: float, seed: int) -> tuple[list[float], Counter[int]]:
    samples: list[float] = []
    statuses: Counter[int] = Counter()
    pause = random.Random(seed)  # noqa: S311 - think times, not secrets
    with httpx.Client(base_url=url, timeout=60) as client:
        for i in range(requests):
            if think_ms:
                time.sleep(pause.expovariate(1000 / think_ms))
            started = time.perf_counter()
            response = client.get(nth(i))
            samples.append((time.perf_counter() - started) * 1000)
            statuses[response.status_code] += 1
    return samples, statuses


def under_load(
    url: str, clients: int, requests: int, request: Callable[[int, int], str], think_ms: float = 0.0
) -> tuple[list[float], Counter[int]]:
    """``clients`` clients of ``requests`` each; client c sends ``request(c, i)`` as its i-th."""
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        runs = list(
            pool.map(lambda c: _client_run(url, requests, functools.partial(request, c), think_ms, c), range(clients))
        )
    samples = [s for run, _ in runs for s in run]
    statuses: Counter[int] = sum((st for _, st in runs), Counter())
    statuses[0] = round(len(samples) / (time.perf_counter() - started))  # requests per second, under key 0
    return samples, statuses


def _node_ids(url: str) -> list[str]:
    """The events and actors of the graph."""
    events = httpx.get(url + "/timeline?limit=500", timeout=60).json()["items"]
    actors = httpx.get(url + "/actors", timeout=60).json()
    return [i["id"] for i in events + actors]


def _distinct_pairs(ids: list[str]) -> list[str]:
    """Every ordered pair, shuffled (fixed seed): no request asks what another asked."""
    pairs = [f"/paths?from={a}&to={b}&mode=chronological" for a in ids for b in ids if a != b]
    random.Random(20240403).shuffle(pairs)  # noqa: S311 - an order, not a secret
    return pairs


def first_vs_warm() -> None:
    import neo4j

    env = _neo4j_env()
    auth = (env.get("NEO4J_USERNAME", "neo4j"), env.get("NEO4J_PASSWORD", ""))
    with neo4j.GraphDatabase.driver(env["NEO4J_URI"], auth=auth) as driver:
        driver.execute_query("CALL db.clearQueryCaches()", database_=env.get("NEO4J_DATABASE", "neo4j"))
    with serve(env) as url, httpx.Client(base_url=url, timeout=60) as client:  # the graph is loaded already
        for path, again in FIRST:
            started = time.perf_counter()
            client.get(path)
            first = (time.perf_counter() - started) * 1000
            warm = []
            for _ in range(15):
                started = time.perf_counter()
                client.get(again)
                warm.append((time.perf_counter() - started) * 1000)
            median = statistics.median(warm)
            print(f"  first {path}: {first:.1f} ms, warm median {median:.1f} ms, ratio {first / median:.1f}x")


def _line(label: str, samples: list[float], statuses: Counter[int], single_p95: float) -> str:
    p95 = percentile(samples, 95)
    codes = {code: n for code, n in sorted(statuses.items()) if code}
    return (
        f"  {label:<32} p50 {percentile(samples, 50):6.1f}  p95 {p95:6.1f}  max {max(samples):6.1f} ms"
        f"  p95 ratio {p95 / single_p95:5.1f}x  {statuses[0]:4d}/s  {codes}"
    )


def measure(url: str, clients: int, requests: int) -> None:
    cores = os.cpu_count() or 1
    pairs = _distinct_pairs(_node_ids(url))
    total = requests * 2 + clients * requests * 2
    if len(pairs) < total:
        sys.exit(f"{len(pairs)} distinct pairs of nodes, {total} wanted: fewer --requests")
    for path in PATHS:  # warm
        httpx.get(url + path, timeout=60)
    every_pair_once = _each_once(pairs)
    workloads: dict[str, Callable[[], Callable[[int, int], str]]] = {
        "repeated mix": lambda: lambda c, i: PATHS[(c + i) % len(PATHS)],
        "distinct pairs": lambda: every_pair_once,
    }
    for name, workload in workloads.items():
        one, one_status = under_load(url, 1, requests * 2, workload())
        single_p95 = percentile(one, 95)
        saturated, saturated_status = under_load(url, clients, requests, workload())
        # Half the rate the service managed in the closed loop (its capacity on this machine now): each client
        # pauses this long on average between an answer and its next request.
        think_ms = 1000 * clients / (0.5 * saturated_status[0])
        paced, paced_status = under_load(url, clients, requests, workload(), think_ms)
        print(f"  {name}:")
        print(_line("1 client", one, one_status, single_p95))
        print(_line(f"{clients} clients, closed loop", saturated, saturated_status, single_p95))
        print(_line(f"{clients} clients, think {think_ms:.0f} ms", paced, paced_status, single_p95))
    print(f"  (closed loop: the ratio tends to clients/cores = {clients}/{cores} = {clients / cores:.0f}x at least)")


def _each_once(pairs: list[str]) -> Callable[[int, int], str]:
    """The pairs in turn, whoever asks: no request repeats another, in this run or a later one."""
    remaining, lock = iter(pairs), threading.Lock()

    def nth(client: int, i: int) -> str:
        with lock:
            return next(remaining)

    return nth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--neo4j", action="store_true")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=20, help="per client under load")
    args = parser.parse_args()
    print(
        f"# {platform.node()}: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start, "
        f"Python {platform.python_version()}"
    )
    stores = [("embedded", embedded)] + ([("neo4j", neo4j_store)] if args.neo4j else [])
    for name, serve_store in stores:
        print(f"{name}: /paths")
        with serve_store() as url:
            measure(url, args.clients, args.requests)
        if name == "neo4j":
            first_vs_warm()
    print(f"# load average at end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
