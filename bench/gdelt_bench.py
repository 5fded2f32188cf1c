"""GDELT at scale, every way in and the reads, in one run on one machine. A benchmark, not a test: run it by hand.

    .venv/bin/python bench/gdelt_bench.py                 # 100k events
    .venv/bin/python bench/gdelt_bench.py --million       # 1M events (long, CPU-heavy)

What it does, in this order, on its own Neo4j (graph_service.local_neo4j in var/neo4j-bench, Bolt/HTTP from
--bolt-port/--http-port, default 17611/17612) which it empties by deleting the database files between steps:

1. writes a synthetic GDELT 2.0 export (loaders/gdelt/synth.py, fixed seed) under var/gdelt-bench/;
2. ``load-gdelt --bulk`` (child process) into the empty database: CSV writing, server stop, neo4j-admin import,
   start, schema; end-to-end events/s and each phase's seconds;
3. the reads on that graph over real HTTP (uvicorn in a child process): /timeline (the busiest actor, the last full
   year) and /paths (chronological, between the two busiest actors), one client, then 8 concurrent clients:
   p50/p95/p99;
4. naive loader (one transaction per event, the same Cypher with one-row batches) on a sample, after a few hundred
   untimed events to warm the server: the floor;
5. a filtered online load (``--actor-country USA,CHN --both-actors --cameo-root 03,04,05,06``): rows read per
   second, events kept;
6. ``load-gdelt --follow DIR --once`` over a directory of 15-minute-sized files (one transaction each, with its
   checkpoint);
7. the online loader proper (``load-gdelt FILE --format json``, child process, peak RSS from wait4, and the CPU
   seconds of the loader and of the server: which one a load waits for), then the same file again (must change no
   count), and its counts against the bulk import's.

``--steps bulk,loader`` runs only those steps (in the order above); ``--loader-option=--writers=1`` (repeatable) and
``--bulk-option`` pass options to the online loads and to ``--bulk``.

Results go to bench/results/gdelt-<rows>-<time>.json (gitignored) and a table is printed. The server is stopped at
the end unless --keep-server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import neo4j  # noqa: E402

from graph_service import local_neo4j  # noqa: E402
from loaders import gdelt  # noqa: E402
from loaders.gdelt import synth as gdelt_synth  # noqa: E402

WORK = REPO / "var" / "gdelt-bench"
HOME = REPO / "var" / "neo4j-bench"
RESULTS = REPO / "bench" / "results"
PASSWORD = "bench-password-1"  # noqa: S105 - the throwaway benchmark server's, on loopback
SEED = 20240403
DATABASE = "neo4j"
FILTER = ["--actor-country", "USA,CHN", "--both-actors", "--cameo-root", "03,04,05,06"]


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def export(rows: int) -> Path:
    path = WORK / f"synth-{rows}-seed{SEED}.export.CSV"
    if not path.exists():
        log(f"generating {rows:,} rows -> {path}")
        gdelt_synth.write_file(path.with_suffix(".tmp"), rows, seed=SEED, bad_rate=0.0005)
        path.with_suffix(".tmp").rename(path)
    return path


def _shift_ids(lines: list[bytes], first_id: int) -> bytes:
    return b"".join(str(first_id + n).encode() + line[line.index(b"\t") :] for n, line in enumerate(lines))


def fresh_export(rows: int, seed: int, first_id: int) -> Path:
    """An export whose GLOBALEVENTIDs start at ``first_id``: events the graph does not hold yet."""
    path = WORK / f"fresh-{rows}-seed{seed}-{first_id}.export.CSV"
    if not path.exists():
        log(f"generating {rows:,} fresh rows -> {path}")
        plain = gdelt_synth.write_file(path.with_suffix(".plain"), rows, seed=seed)
        path.with_suffix(".tmp").write_bytes(_shift_ids(plain.read_bytes().splitlines(keepends=True), first_id))
        plain.unlink()
        path.with_suffix(".tmp").rename(path)
    return path


def feed_directory(files: int, rows: int) -> Path:
    """``files`` exports of ``rows`` rows each, with ids that do not clash (GDELT's grow file by file)."""
    directory = WORK / f"feed-{files}x{rows}"
    if directory.exists():
        return directory
    tmp = directory.with_suffix(".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    for i in range(files):
        plain = gdelt_synth.write_file(tmp / "x.plain", rows, seed=SEED + i)
        lines = plain.read_bytes().splitlines(keepends=True)
        body = _shift_ids(lines, 9_000_000_000 + i * rows)
        (tmp / f"2024040312{i:04d}.export.CSV").write_bytes(body)
        plain.unlink()
    tmp.rename(directory)
    return directory


class Server:
    """The benchmark's Neo4j, emptied by deleting its database files (faster than deleting 1M events)."""

    def __init__(self, bolt: int, http: int, heap: str, pagecache: str) -> None:
        self.bolt, self.http, self.heap, self.pagecache = bolt, http, heap, pagecache
        self.uri = f"bolt://127.0.0.1:{bolt}"

    def start(self) -> None:
        local_neo4j.start(
            HOME, bolt_port=self.bolt, http_port=self.http, password=PASSWORD, heap=self.heap,
            pagecache=self.pagecache, timeout=600,
        )  # fmt: skip

    def empty(self) -> None:
        local_neo4j.stop(HOME)
        for sub in ("databases", "transactions"):
            shutil.rmtree(HOME / "data" / sub / DATABASE, ignore_errors=True)
        self.start()

    def driver(self) -> neo4j.Driver:
        return neo4j.GraphDatabase.driver(self.uri, auth=("neo4j", PASSWORD))

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "TIMELINE_KG_"))}
        return env | {
            "NEO4J_URI": self.uri,
            "NEO4J_USERNAME": "neo4j",
            "NEO4J_PASSWORD": PASSWORD,
            "NEO4J_DATABASE": DATABASE,
            "TIMELINE_KG_NEO4J_HOME": str(HOME),
            # A shared, loaded machine can take seconds to plan a read the first time: measure answers, not 504s.
            "NEO4J_QUERY_TIMEOUT": "60",
        }


_COUNT_QUERIES = {
    "Event": "MATCH (n:Event) RETURN count(n) AS n",
    "Entity": "MATCH (n:Entity) RETURN count(n) AS n",
    "Source": "MATCH (n:Source) RETURN count(n) AS n",
    "PARTICIPATED_IN": "MATCH ()-[r:PARTICIPATED_IN]->() RETURN count(r) AS n",
    "OCCURRED_IN": "MATCH ()-[r:OCCURRED_IN]->() RETURN count(r) AS n",
    "REPORTED_BY": "MATCH ()-[r:REPORTED_BY]->() RETURN count(r) AS n",
}


def counts(server: Server) -> dict[str, int]:
    out = {}
    with server.driver() as driver:
        for name, query in _COUNT_QUERIES.items():
            records, _, _ = driver.execute_query(query, database_=DATABASE)
            out[name] = records[0]["n"]
    return out


# ---------------------------------------------------------------------------------------------- loaders


def naive(server: Server, path: Path, sample: int, warmup: int = 300) -> dict[str, Any]:
    """One transaction per event: the same statements, with one-row batches. The first ``warmup`` events are written
    but not timed: the server may have just started (after --bulk), and a cold JIT would make the floor look lower
    than it is."""
    report = gdelt.FileReport(path)
    loaded_at = dt.datetime.now(dt.UTC)
    done = 0
    with server.driver() as driver:
        from loaders.neo4j_writer import ensure_schema

        ensure_schema(driver, DATABASE)
        gdelt.ensure_feed_source(driver, DATABASE, loaded_at)
        start = time.perf_counter()
        with driver.session(database=DATABASE) as session:
            for _line, item, _ in gdelt.iter_rows(path, report):
                if isinstance(item, gdelt.BadRow):
                    continue
                batcher = gdelt.Batcher(remember=False)
                batcher.add(item)
                session.execute_write(gdelt.write_batch, batcher.take(), loaded_at)
                done += 1
                if done == warmup:
                    start = time.perf_counter()
                if done >= warmup + sample:
                    break
        seconds = time.perf_counter() - start
    timed = done - warmup
    return {"events": timed, "warmupEvents": warmup, "seconds": seconds, "eventsPerSecond": timed / seconds}


def server_cpu_seconds() -> float:
    """CPU seconds (user + system) the benchmark's Neo4j has used so far, from /proc; 0 if unknown."""
    info = local_neo4j.status(HOME)
    if info is None:
        return 0.0
    try:
        fields = Path(f"/proc/{info.pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cli(server: Server, args: list[str]) -> dict[str, Any]:
    """`timeline-kg load-gdelt ... --format json` in a child process: wall time, the child's peak RSS, and the CPU
    seconds of the loader and of the server (which of the two a load waits for; not meaningful across --bulk's
    restart, whose importer is a third process)."""
    code = "from graph_service.cli import main; main()"
    cmd = [sys.executable, "-c", code, "load-gdelt", *args, "--format", "json"]
    errors = WORK / "load-gdelt.stderr"
    server_cpu = server_cpu_seconds()
    start = time.perf_counter()
    with open(errors, "wb") as stderr:
        proc = subprocess.Popen(cmd, cwd=REPO, env=server.env(), stdout=subprocess.PIPE, stderr=stderr)
        assert proc.stdout is not None
        stdout = proc.stdout.read()
        _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    server_cpu = server_cpu_seconds() - server_cpu
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = errors.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise SystemExit(f"load-gdelt {' '.join(args)} failed ({proc.returncode}):\n{tail}")
    report = json.loads(stdout)
    files = report["files"]
    loaded = sum(f["loaded"] for f in files)
    rows = sum(f["rowsRead"] for f in files)
    return {
        "events": loaded,
        "rowsRead": rows,
        "filteredOut": sum(f["filteredOut"] for f in files),
        "skipped": sum(f["skipped"] for f in files),
        "seconds": seconds,
        "eventsPerSecond": loaded / seconds,
        "rowsPerSecond": rows / seconds,
        "phaseSeconds": report.get("phaseSeconds"),
        "peakRssMB": usage.ru_maxrss / 1024,
        "loaderCpuSeconds": usage.ru_utime + usage.ru_stime,
        "serverCpuSeconds": server_cpu if "--bulk" not in args else None,
    }


# ---------------------------------------------------------------------------------------------- reads


def _pct(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1] if len(samples) > 1 else samples[0]


def _targets(server: Server) -> tuple[str, str, int]:
    with server.driver() as driver:
        top, _, _ = driver.execute_query(
            "MATCH (a:Entity)-[:PARTICIPATED_IN]->() RETURN a.id AS id, count(*) AS n ORDER BY n DESC LIMIT 2",
            database_=DATABASE,
            routing_=neo4j.RoutingControl.READ,
        )
        last, _, _ = driver.execute_query(
            "MATCH (e:Event) RETURN max(e.dateLower) AS last", database_=DATABASE, routing_=neo4j.RoutingControl.READ
        )
    return top[0]["id"], top[1]["id"], last[0]["last"].year - 1  # the last full year


def _busy_pairs(server: Server, actors: int = 40) -> list[str]:
    """Chronological /paths between distinct pairs of the busiest actors, each pair once: the service keeps a /paths
    answer until the graph changes (graph_service/path_cache.py), so asking one pair again measures a reused
    answer, not a search."""
    with server.driver() as driver:
        top, _, _ = driver.execute_query(
            "MATCH (a:Entity)-[:PARTICIPATED_IN]->() RETURN a.id AS id, count(*) AS n ORDER BY n DESC LIMIT $n",
            n=actors,
            database_=DATABASE,
            routing_=neo4j.RoutingControl.READ,
        )
    ids = [r["id"] for r in top]
    return [f"/paths?from={a}&to={b}&mode=chronological" for a in ids for b in ids if a != b]


def _run_clients(
    url: str, path: str | list[str], clients: int, per_client: int, budget: float, think_ms: float = 0.0
) -> dict[str, Any]:
    """``clients`` clients asking ``path``, or each its own share of a list of paths, each asked once; closed loop
    (each asks again as soon as it has its answer), or pausing ``think_ms`` on average (exponential) in between."""
    import httpx

    samples: list[float] = []
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    deadline = time.monotonic() + budget

    distinct = iter(path) if isinstance(path, list) else None

    def next_path() -> str:
        if distinct is None:
            assert isinstance(path, str)
            return path
        with lock:
            return next(distinct)

    def client_loop(seed: int) -> None:
        pause = random.Random(seed)  # noqa: S311 - think times, not secrets
        with httpx.Client(base_url=url, timeout=120) as client:
            for _ in range(3):
                client.get("/health" if distinct else next_path())  # warm this connection
            mine: list[float] = []
            codes: Counter[int] = Counter()
            for i in range(per_client):
                if i >= 5 and time.monotonic() > deadline:
                    break  # a slow endpoint gets a time budget; the count is reported
                if think_ms:
                    time.sleep(pause.expovariate(1000 / think_ms))
                asked = next_path()
                start = time.perf_counter()
                response = client.get(asked)
                mine.append((time.perf_counter() - start) * 1000)
                codes[response.status_code] += 1
            with lock:
                samples.extend(mine)
                statuses.update(codes)

    threads = [threading.Thread(target=client_loop, args=(c,)) for c in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "clients": clients,
        "thinkMs": think_ms,
        "perSecond": len(samples) / (time.perf_counter() - started),
        "samples": len(samples),
        "status": dict(statuses),
        "p50ms": _pct(samples, 50),
        "p95ms": _pct(samples, 95),
        "p99ms": _pct(samples, 99),
    }


def latency(server: Server, n: int, budget: float, api_port: int) -> dict[str, Any]:
    from api_latency import serve  # bench/ is on the path when this script runs

    actor_a, actor_b, year = _targets(server)
    requests = {
        "timeline": f"/timeline?actor={actor_a}&from={year}&to={year}",
        "paths": f"/paths?from={actor_a}&to={actor_b}&mode=chronological",
    }
    out: dict[str, Any] = {"actor": actor_a, "otherActor": actor_b, "year": year}
    pairs = _busy_pairs(server)
    # The service in a child process (bench/api_latency.py): a server thread here would add ~40 ms a request.
    with serve(server.env(), port=api_port) as url:
        for name, path in requests.items():
            out[name] = {
                "url": path,
                "single": _run_clients(url, path, 1, n, budget),
                "concurrent8": _run_clients(url, path, 8, max(n // 4, 10), budget),
            }
            # 8 clients offering half the rate the closed loop got answered: busy, not saturated. A closed loop of
            # 8 clients on 2 cores queues each request behind ~4 others whatever it costs (Little's law).
            think_ms = 1000 * 8 / (0.5 * out[name]["concurrent8"]["perSecond"])
            out[name]["paced8"] = _run_clients(url, path, 8, max(n // 4, 10), budget, think_ms)
        per_client = min(n, len(pairs) // 2 // 8)
        out["pathsDistinct"] = {
            "url": f"{len(pairs)} pairs of the 40 busiest actors, each asked once",
            "single": _run_clients(url, pairs[: len(pairs) // 2], 1, per_client * 2, budget),
            "concurrent8": _run_clients(url, pairs[len(pairs) // 2 :], 8, per_client, budget),
        }
    return out


# ---------------------------------------------------------------------------------------------- main


def _machine(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "memGiB": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
        "loadAverageAtStart": os.getloadavg(),
        "python": platform.python_version(),
        "neo4j": local_neo4j.neo4j_version(),
        "heap": args.heap,
        "pagecache": args.pagecache,
    }


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--million", action="store_true", help="1,000,000 rows")
    parser.add_argument("--batch-size", type=int, default=gdelt.DEFAULT_BATCH_SIZE)
    parser.add_argument("--naive-sample", type=int, default=2_000)
    parser.add_argument("--feed-files", type=int, default=20, help="files for the --follow measure")
    parser.add_argument("--feed-rows", type=int, default=2_000, help="rows per file (a 15-minute export: ~1-3k)")
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint for the latencies")
    parser.add_argument("--latency-budget", type=float, default=60.0, help="seconds per endpoint, at least 5 requests")
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--pagecache", default="2g")
    parser.add_argument("--bolt-port", type=int, default=17611)
    parser.add_argument("--http-port", type=int, default=17612)
    parser.add_argument("--api-port", type=int, default=17613)
    parser.add_argument("--keep-server", action="store_true")
    parser.add_argument(
        "--reads-only", action="store_true", help="the bulk import and the reads, no other load; the server is kept"
    )
    parser.add_argument(
        "--reuse-graph", action="store_true", help="only the reads, on the graph a --reads-only run kept (no load)"
    )
    parser.add_argument(
        "--steps",
        type=lambda text: text.split(","),
        default=list(STEPS),
        help=f"comma-separated steps to run, in the fixed order: {','.join(STEPS)} (latency needs bulk)",
    )
    parser.add_argument("--loader-option", action="append", default=[], help="extra load-gdelt option (online)")
    parser.add_argument("--bulk-option", action="append", default=[], help="extra load-gdelt option for --bulk")
    parser.add_argument(
        "--into-bulk-graph",
        type=int,
        default=0,
        metavar="N",
        help="write measures into the bulk-imported graph with fresh N-row files, not into an empty one",
    )
    return parser.parse_args()


STEPS = ("bulk", "latency", "naive", "filtered", "follow", "loader")


def run(args: argparse.Namespace, server: Server, path: Path, result: dict[str, Any]) -> None:
    steps = set(args.steps)
    if "bulk" in steps:
        log("load-gdelt --bulk into the empty database")
        result["bulk"] = cli(server, [str(path), "--bulk", *args.bulk_option])
        result["bulkCounts"] = counts(server)
        bulk = result["bulk"]
        log(f"bulk: {bulk['eventsPerSecond']:,.0f} events/s end to end, phases {bulk['phaseSeconds']}")

    if "latency" in steps and "bulk" in steps:
        log("read latencies over HTTP, 1 and 8 clients")
        result["latency"] = latency(server, args.requests, args.latency_budget, args.api_port)

    # Either each measure into an empty graph (the whole file), or, with --into-bulk-graph N, each into the graph
    # the bulk import built, with fresh files of N rows: writes at the scale of that graph, in a fraction of the time.
    grow = args.into_bulk_graph if "bulk" in steps else 0
    empty = (lambda: None) if grow else server.empty
    sample_file = fresh_export(grow, SEED + 1, 5_000_000_000) if grow else path
    load_file = fresh_export(grow, SEED + 2, 6_000_000_000) if grow else path
    result["writesInto"] = f"the bulk graph of {result['rows']:,} events, fresh {grow:,}-row files" if grow else "empty"
    if "naive" in steps:
        empty()
        log(f"naive loader on {args.naive_sample:,} rows")
        result["naive"] = naive(server, sample_file, args.naive_sample)

    if "filtered" in steps:
        empty()
        log("filtered online load: " + " ".join(FILTER))
        result["filtered"] = cli(server, [str(sample_file), *FILTER, "--batch-size", str(args.batch_size)])

    if "follow" in steps:
        empty()
        feed = feed_directory(args.feed_files, args.feed_rows)
        log(f"load-gdelt --follow {feed.name} --once")
        result["follow"] = cli(server, ["--follow", str(feed), "--once"])

    if "loader" in steps:
        if not grow:
            server.empty()
        log(f"online loader on {load_file.name}")
        loader_args = [str(load_file), "--batch-size", str(args.batch_size), *args.loader_option]
        result["loader"] = cli(server, loader_args)
        result["counts"] = counts(server)
        loader = result["loader"]
        log(
            f"loader: {loader['eventsPerSecond']:,.0f} events/s; CPU s loader {loader['loaderCpuSeconds']:.1f}, "
            f"server {loader['serverCpuSeconds']:.1f}, wall {loader['seconds']:.1f}; reloading the same file"
        )
        result["reload"] = cli(server, loader_args)
        result["reloadCounts"] = counts(server)


def _ratios(result: dict[str, Any], grow: int) -> dict[str, Any]:
    def rate(step: str) -> float | None:
        return result[step]["eventsPerSecond"] if step in result else None

    loader, naive, bulk = rate("loader"), rate("naive"), rate("bulk")
    return {
        "loaderOverNaive": loader / naive if loader and naive else None,
        "bulkOverLoader": bulk / loader if bulk and loader else None,
        "bulkSameCountsAsLoader": (
            result["bulkCounts"] == result["counts"] if not grow and "bulk" in result and "loader" in result else None
        ),
        "reloadChangedNoCount": result["counts"] == result["reloadCounts"] if "loader" in result else None,
    }


def main() -> None:
    # The read queries mention relationship types GDELT data has none of (ABOUT, CHANGED_STATE): not news here.
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    args = _arguments()
    rows = 1_000_000 if args.million else args.rows
    result: dict[str, Any] = {"rows": rows, "machine": _machine(args), "started": dt.datetime.now(dt.UTC).isoformat()}
    server = Server(args.bolt_port, args.http_port, args.heap, args.pagecache)
    if args.reads_only or args.reuse_graph:
        reads_only(args, server, rows, result)
        return
    path = export(rows)
    log(f"emptying and starting Neo4j in {HOME} (bolt {args.bolt_port})")
    local_neo4j.stop(HOME)
    server.empty()
    try:
        run(args, server, path, result)
    finally:
        if not args.keep_server:
            local_neo4j.stop(HOME)
    result["ratios"] = _ratios(result, args.into_bulk_graph)
    result["finished"] = dt.datetime.now(dt.UTC).isoformat()
    result["machine"]["loadAverageAtEnd"] = os.getloadavg()
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"gdelt-{rows}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    print_table(result)
    print(f"\nresults: {out.relative_to(REPO)}")


def reads_only(args: argparse.Namespace, server: Server, rows: int, result: dict[str, Any]) -> None:
    """The read measures alone, on a graph kept for them: load it once (--reads-only), measure it again and again
    (--reuse-graph) while the read code changes."""
    if args.reuse_graph:
        server.start()  # a no-op when the kept server still runs
    else:
        local_neo4j.stop(HOME)
        server.empty()
        result["bulk"] = cli(server, [str(export(rows)), "--bulk"])
    result["counts"] = counts(server)
    log(f"read latencies over HTTP, 1 and 8 clients, on {result['counts']['Event']:,} events")
    result["latency"] = latency(server, args.requests, args.latency_budget, args.api_port)
    result["machine"]["loadAverageAtEnd"] = os.getloadavg()
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"gdelt-reads-{rows}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    m = result["machine"]
    print(
        f"\n# GDELT reads, {result['counts']['Event']:,} events; load average at start "
        f"{m['loadAverageAtStart'][0]:.1f}, at end {m['loadAverageAtEnd'][0]:.1f}; server kept on bolt {server.bolt}"
    )
    for name, value in _latency_lines(result):
        print(f"{name:<52}{value:>30}")
    print(f"\nresults: {out.relative_to(REPO)}")


def _latency_lines(r: dict[str, Any]) -> list[tuple[str, str]]:
    lines = []
    for name in ("timeline", "paths", "pathsDistinct"):
        if name not in r["latency"]:
            continue
        for mode, label in (("single", "1 client"), ("concurrent8", "8 clients"), ("paced8", "8 paced")):
            if mode not in r["latency"][name]:
                continue
            q = r["latency"][name][mode]
            ratio = q["p95ms"] / r["latency"][name]["single"]["p95ms"]
            lines.append(
                (
                    f"/{name} {label} p50/p95/p99 ms ({q['samples']}, {','.join(map(str, q['status']))})",
                    f"{q['p50ms']:.1f} / {q['p95ms']:.1f} / {q['p99ms']:.1f}"
                    + (f" ({ratio:.1f}x)" if mode != "single" else ""),
                )
            )
    return lines


def print_table(r: dict[str, Any]) -> None:
    m = r["machine"]
    print(
        f"\n# GDELT, {r['rows']:,} rows; {m['cpus']} CPUs ({m['processor']}), {m['memGiB']} GiB, Neo4j "
        f"{m['neo4j']} heap {m['heap']} pagecache {m['pagecache']}; load average at start "
        f"{m['loadAverageAtStart'][0]:.1f}, at end {m['loadAverageAtEnd'][0]:.1f}"
    )
    ratios = r["ratios"]
    lines: list[tuple[str, str]] = []
    if "loader" in r:
        loader = r["loader"]
        lines += [
            ("online loader, events/s", f"{loader['eventsPerSecond']:,.0f}"),
            ("online loader, seconds / peak RSS MB", f"{loader['seconds']:,.1f} / {loader['peakRssMB']:,.0f}"),
            (
                "online loader, CPU s: loader / server",
                f"{loader['loaderCpuSeconds']:,.1f} / {loader['serverCpuSeconds']:,.1f}",
            ),
            ("reload (no change), events/s", f"{r['reload']['eventsPerSecond']:,.0f}"),
            ("reload changed no count", str(ratios["reloadChangedNoCount"])),
        ]
    if "naive" in r:
        lines.append(("naive loader (1 tx/event), events/s", f"{r['naive']['eventsPerSecond']:,.0f}"))
    if ratios["loaderOverNaive"]:
        lines.append(("online loader / naive", f"{ratios['loaderOverNaive']:,.1f}x"))
    if "bulk" in r:
        bulk, phases = r["bulk"], r["bulk"]["phaseSeconds"]
        names = [k for k in ("csv", "stop", "import", "start", "schema") if k in phases] + [
            k for k in phases if k not in ("csv", "stop", "import", "start", "schema")
        ]
        lines += [
            ("--bulk end to end, events/s", f"{bulk['eventsPerSecond']:,.0f}"),
            ("--bulk seconds: total", f"{bulk['seconds']:,.1f}"),
            ("  " + " / ".join(names), " / ".join(f"{phases[k]:.1f}" for k in names)),
            ("--bulk same counts as online loader", str(ratios["bulkSameCountsAsLoader"])),
        ]
    if "filtered" in r:
        f = r["filtered"]
        lines += [
            ("filtered load: rows read/s", f"{f['rowsPerSecond']:,.0f}"),
            ("filtered load: events kept / filtered out", f"{f['events']:,} / {f['filteredOut']:,}"),
        ]
    if "follow" in r:
        lines.append(("--follow DIR --once: events/s", f"{r['follow']['eventsPerSecond']:,.0f}"))
    if "latency" in r:
        lines += _latency_lines(r)
    print(f"{'measure':<52}{'value':>22}")
    for name, value in lines:
        print(f"{name:<52}{value:>22}")
    print(f"writes into: {r['writesInto']}; counts: {r.get('counts') or r.get('bulkCounts')}")


if __name__ == "__main__":
    main()
