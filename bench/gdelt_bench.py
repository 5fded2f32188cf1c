"""GDELT import at scale: the project's loader against a naive loader and Neo4j's offline bulk importer.
A benchmark, not a test: run it by hand, on one machine, in one run.

    .venv/bin/python bench/gdelt_bench.py                 # 100k events
    .venv/bin/python bench/gdelt_bench.py --million       # 1M events (several minutes)

What it does, all on one machine:

1. writes a synthetic GDELT 2.0 export (loaders/gdelt/synth.py, fixed seed) under var/gdelt-bench/;
2. starts its own Neo4j (graph_service.local_neo4j) in var/neo4j-bench on Bolt 7689 / HTTP 7476, so it never
   touches the tests' server (7688/7475) or the dev server, and empties it;
3. naive loader: one transaction per event (the same Cypher, one-row batches) on a sample of the first
   ``--naive-sample`` rows, into the empty graph: the floor;
4. the project's loader on a file of up to 100k rows with the neo4j-rust-ext driver extension turned off, then on:
   does the extension pay?
5. the project's loader proper: ``timeline-kg load-gdelt FILE --format json`` in a child process (so its peak RSS is
   its own, from wait4), into the emptied graph; then the same file again, which must change no count;
6. /timeline (the most frequent actor, the last full year) and /paths (chronological, between the two most
   frequent actors) over real HTTP (uvicorn on loopback, one keep-alive client, sequential): p50/p95/p99;
7. the same rows as CSV into ``neo4j-admin database import full`` (the admin tool's main class from the Maven-built
   classpath) into a separate, empty home (var/neo4j-bench-import): the ceiling. CSV writing is timed apart and
   not counted; the importer builds no indexes or constraints, so its rate flatters it a little.

Results go to bench/results/gdelt-<rows>-<time>.json (gitignored) and a table is printed. The server is stopped
at the end unless --keep-server.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import logging
import os
import platform
import shutil
import statistics
import subprocess
import sys
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
IMPORT_HOME = REPO / "var" / "neo4j-bench-import"
RESULTS = REPO / "bench" / "results"
BOLT, HTTP = 7689, 7476
PASSWORD = "bench-password-1"  # noqa: S105 - the throwaway benchmark server's, on loopback
SEED = 20240403
DATABASE = "neo4j"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def export(rows: int) -> Path:
    path = WORK / f"synth-{rows}-seed{SEED}.export.CSV"
    if not path.exists():
        log(f"generating {rows:,} rows -> {path}")
        gdelt_synth.write_file(path.with_suffix(".tmp"), rows, seed=SEED, bad_rate=0.0005)
        path.with_suffix(".tmp").rename(path)
    return path


def wipe(driver: neo4j.Driver) -> None:
    with driver.session(database=DATABASE) as session:
        # Relationships first: detaching a country with hundreds of thousands of them in one inner transaction
        # exceeds the transaction memory pool at 1M events.
        session.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 50000 ROWS").consume()
        session.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 50000 ROWS").consume()


_COUNT_QUERIES = {
    "Event": "MATCH (n:Event) RETURN count(n) AS n",
    "Entity": "MATCH (n:Entity) RETURN count(n) AS n",
    "Source": "MATCH (n:Source) RETURN count(n) AS n",
    "PARTICIPATED_IN": "MATCH ()-[r:PARTICIPATED_IN]->() RETURN count(r) AS n",
    "OCCURRED_IN": "MATCH ()-[r:OCCURRED_IN]->() RETURN count(r) AS n",
    "REPORTED_BY": "MATCH ()-[r:REPORTED_BY]->() RETURN count(r) AS n",
}


def counts(driver: neo4j.Driver) -> dict[str, int]:
    out = {}
    for name, query in _COUNT_QUERIES.items():
        records, _, _ = driver.execute_query(query, database_=DATABASE)
        out[name] = records[0]["n"]
    return out


# ---------------------------------------------------------------------------------------------- loaders


def naive(driver: neo4j.Driver, path: Path, sample: int) -> dict[str, Any]:
    """One transaction per event: the same statements, with one-row batches."""
    report = gdelt.FileReport(path)
    loaded_at = dt.datetime.now(dt.UTC)
    gdelt.ensure_feed_source(driver, DATABASE, loaded_at)
    done = 0
    start = time.perf_counter()
    with driver.session(database=DATABASE) as session:
        for _line, item, _ in gdelt.iter_rows(path, report):
            if isinstance(item, gdelt.BadRow):
                continue
            batcher = gdelt.Batcher(remember=False)
            batcher.add(item)
            session.execute_write(gdelt.write_batch, batcher.take(), loaded_at)
            done += 1
            if done >= sample:
                break
    seconds = time.perf_counter() - start
    return {"events": done, "seconds": seconds, "eventsPerSecond": done / seconds}


def project_loader(path: Path, batch_size: int, rust: bool = True) -> dict[str, Any]:
    """`timeline-kg load-gdelt` in a child process; wall time and the child's peak RSS."""
    env = dict(
        os.environ,
        NEO4J_URI=f"bolt://127.0.0.1:{BOLT}",
        NEO4J_USERNAME="neo4j",
        NEO4J_PASSWORD=PASSWORD,
        NEO4J_DATABASE=DATABASE,
    )
    block_rust = "" if rust else "import sys; sys.modules['neo4j._rust'] = None; "  # the driver falls back to Python
    code = f"{block_rust}import sys; from graph_service.cli import main; main()"
    cmd = [sys.executable, "-c", code, "load-gdelt", str(path), "--format", "json", "--batch-size", str(batch_size)]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    stdout = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"load-gdelt failed with exit code {proc.returncode}")
    report = json.loads(stdout)
    loaded = sum(f["loaded"] for f in report["files"])
    return {
        "events": loaded,
        "skipped": sum(f["skipped"] for f in report["files"]),
        "seconds": seconds,
        "eventsPerSecond": loaded / seconds,
        "peakRssMB": usage.ru_maxrss / 1024,
        "rustExtension": rust,
        "batchSize": batch_size,
    }


# ---------------------------------------------------------------------------------------------- bulk import


def _csv(path: Path, header: list[str], rows: Any) -> None:
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)


def write_import_csv(path: Path, out_dir: Path) -> dict[str, Any]:
    """The rows the loader would write, as neo4j-admin import CSV (deduplicated, same properties)."""
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    start = time.perf_counter()
    events: dict[str, list[Any]] = {}
    actors: dict[str, list[Any]] = {}
    places: dict[str, list[Any]] = {}
    sources: dict[str, list[Any]] = {}
    parts: list[list[Any]] = []
    occurs: list[list[Any]] = []
    reports: list[list[Any]] = []
    feed = gdelt.FEED_SOURCE_ID
    for _line, item, _ in gdelt.iter_rows(path, gdelt.FileReport(path)):
        if isinstance(item, gdelt.BadRow):
            continue
        e = item.event
        sid = e["source"]
        events[e["id"]] = [
            e["id"],
            "Event",
            e["title"],
            e["kind"],
            e["status"],
            e["date"],
            e["dateText"],
            e["date"],
            e["date"],
            "day",
            e["recordedAt"],
            str(e["isRootEvent"]).lower(),
            e["cameoCode"],
            e["cameoRoot"],
            e["cameoName"],
            e["quadClass"],
            e["goldstein"],
            e["avgTone"],
            e["numMentions"],
            e["numSources"],
            e["numArticles"],
            sid,
        ]
        s = item.source
        sources.setdefault(sid, [sid, "Source", s["url"] or "", s["citation"] or "", s["publisher"] or "", feed, sid])
        reports.append([e["id"], sid, "REPORTED_BY", "gdelt", "gdelt", sid])
        for a, role in item.actors:
            label = "Entity;Country" if a["isCountry"] else "Entity;Organisation"
            actors.setdefault(
                a["id"], [a["id"], label, a["name"], a["kind"], a["gdeltCode"] or "", a["countryCode"] or "", feed]
            )
            parts.append([a["id"], e["id"], "PARTICIPATED_IN", role, role, sid])
        if item.place is not None:
            p = item.place
            places.setdefault(
                p["id"],
                [
                    p["id"],
                    "Entity;Place",
                    p["name"],
                    "place",
                    p["countryCode"] or "",
                    p["lat"] if p["lat"] is not None else "",
                    p["long"] if p["long"] is not None else "",
                    feed,
                ],
            )
            occurs.append([e["id"], p["id"], "OCCURRED_IN", "", sid])
    _csv(
        out_dir / "events.csv",
        [
            "id:ID(Event)",
            ":LABEL",
            "title",
            "kind",
            "status",
            "date",
            "dateText",
            "dateLower:date",
            "dateUpper:date",
            "datePrecision",
            "recordedAt:datetime",
            "isRootEvent:boolean",
            "cameoCode",
            "cameoRoot",
            "cameoName",
            "quadClass:int",
            "goldstein:double",
            "avgTone:double",
            "numMentions:int",
            "numSources:int",
            "numArticles:int",
            "sources:string[]",
        ],
        events.values(),
    )
    _csv(
        out_dir / "actors.csv",
        ["id:ID(Entity)", ":LABEL", "name", "kind", "gdeltCode", "countryCode", "sources:string[]"],
        actors.values(),
    )
    _csv(
        out_dir / "places.csv",
        ["id:ID(Entity)", ":LABEL", "name", "kind", "countryCode", "lat:double", "long:double", "sources:string[]"],
        places.values(),
    )
    _csv(
        out_dir / "sources.csv",
        ["id:ID(Source)", ":LABEL", "url", "citation", "publisher", "feed", "sources:string[]"],
        sources.values(),
    )
    _csv(
        out_dir / "participations.csv",
        [":START_ID(Entity)", ":END_ID(Event)", ":TYPE", "key", "role", "sources:string[]"],
        parts,
    )
    _csv(
        out_dir / "occurrences.csv", [":START_ID(Event)", ":END_ID(Entity)", ":TYPE", "key", "sources:string[]"], occurs
    )
    _csv(
        out_dir / "reports.csv",
        [":START_ID(Event)", ":END_ID(Source)", ":TYPE", "key", "kind", "sources:string[]"],
        reports,
    )
    return {"events": len(events), "csvSeconds": time.perf_counter() - start}


def bulk_import(csv_dir: Path, events: int) -> dict[str, Any]:
    """`neo4j-admin database import full` into an empty database of a separate home."""
    java = local_neo4j.find_java()
    lib = local_neo4j.ensure_artifacts()
    shutil.rmtree(IMPORT_HOME, ignore_errors=True)
    (IMPORT_HOME / "conf").mkdir(parents=True)
    (IMPORT_HOME / "logs").mkdir()
    (IMPORT_HOME / "conf" / "neo4j.conf").write_text("server.memory.pagecache.size=1g\n", encoding="utf-8")
    cmd = [
        java,
        "-Xmx2g",
        "-cp",
        str(lib / "*"),
        local_neo4j.ADMIN_CLASS,
        "database",
        "import",
        "full",
        f"--nodes={csv_dir / 'events.csv'}",
        f"--nodes={csv_dir / 'actors.csv'}",
        f"--nodes={csv_dir / 'places.csv'}",
        f"--nodes={csv_dir / 'sources.csv'}",
        f"--relationships={csv_dir / 'participations.csv'}",
        f"--relationships={csv_dir / 'occurrences.csv'}",
        f"--relationships={csv_dir / 'reports.csv'}",
        "--overwrite-destination=true",
        "--multiline-fields=false",
        DATABASE,
    ]
    env = dict(os.environ, NEO4J_HOME=str(IMPORT_HOME), NEO4J_CONF=str(IMPORT_HOME / "conf"))
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=IMPORT_HOME, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"neo4j-admin import failed ({proc.returncode}):\n{(proc.stdout + proc.stderr)[-3000:]}")
    tail = [line for line in proc.stdout.splitlines() if "IMPORT DONE" in line or "Imported:" in line]
    return {"events": events, "seconds": seconds, "eventsPerSecond": events / seconds, "report": tail[-1:]}


# ---------------------------------------------------------------------------------------------- reads


def _pct(samples: list[float], q: int) -> float:
    return statistics.quantiles(samples, n=100, method="inclusive")[q - 1]


def latency(n: int, budget: float) -> dict[str, Any]:
    import httpx
    from api_latency import serve  # bench/ is on the path when this script runs

    from timeline_kg.settings import Settings

    settings = Settings.model_validate(
        {"NEO4J_URI": f"bolt://127.0.0.1:{BOLT}", "NEO4J_PASSWORD": PASSWORD, "NEO4J_DATABASE": DATABASE}
    )
    driver = neo4j.GraphDatabase.driver(settings.neo4j_uri or "", auth=("neo4j", PASSWORD))
    top, _, _ = driver.execute_query(
        "MATCH (a:Entity)-[:PARTICIPATED_IN]->() RETURN a.id AS id, count(*) AS events ORDER BY events DESC LIMIT 2",
        database_=DATABASE,
        routing_=neo4j.RoutingControl.READ,
    )
    last, _, _ = driver.execute_query(
        "MATCH (e:Event) RETURN max(e.dateLower) AS last", database_=DATABASE, routing_=neo4j.RoutingControl.READ
    )
    driver.close()
    year = last[0]["last"].year - 1  # the last full year
    actor_a, actor_b = top[0]["id"], top[1]["id"]
    requests = {
        "timeline": f"/timeline?actor={actor_a}&from={year}&to={year}",
        "paths": f"/paths?from={actor_a}&to={actor_b}&mode=chronological",
    }
    out: dict[str, Any] = {"actor": actor_a, "otherActor": actor_b, "year": year, "requests": n}
    # The service in a child process (bench/api_latency.py's serve): a server thread sharing this interpreter
    # would add ~40 ms a request.
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env |= {"NEO4J_URI": settings.neo4j_uri or "", "NEO4J_PASSWORD": PASSWORD, "NEO4J_DATABASE": DATABASE}
    with serve(env) as url, httpx.Client(base_url=url, timeout=120) as client:
        for name, path in requests.items():
            first = client.get(path)
            body = first.json()
            items = body.get("items", body.get("paths")) if isinstance(body, dict) else None
            size = len(items) if isinstance(items, list) else None
            for _ in range(5):
                client.get(path)
            samples = []
            statuses: Counter[int] = Counter()
            budget_end = time.monotonic() + budget
            for i in range(n):
                if i >= 5 and time.monotonic() > budget_end:
                    break  # a slow endpoint gets a time budget, not n requests; the count is reported
                start = time.perf_counter()
                response = client.get(path)
                samples.append((time.perf_counter() - start) * 1000)
                statuses[response.status_code] += 1
            out[name] = {
                "url": path,
                "status": dict(statuses),
                "items": size,
                "samples": len(samples),
                "p50ms": _pct(samples, 50),
                "p95ms": _pct(samples, 95),
                "p99ms": _pct(samples, 99),
            }
    return out


# ---------------------------------------------------------------------------------------------- main


def main() -> None:
    # The read queries mention relationship types GDELT data has none of (ABOUT, CHANGED_STATE): not news here.
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--million", action="store_true", help="1,000,000 rows")
    parser.add_argument("--batch-size", type=int, default=gdelt.DEFAULT_BATCH_SIZE)
    parser.add_argument("--naive-sample", type=int, default=2_000)
    parser.add_argument("--requests", type=int, default=200, help="requests per endpoint for the latencies")
    parser.add_argument("--latency-budget", type=float, default=60.0, help="seconds per endpoint, at least 5 requests")
    parser.add_argument("--heap", default="3g")
    parser.add_argument("--pagecache", default="3g")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-rust-compare", action="store_true")
    parser.add_argument("--keep-server", action="store_true")
    parser.add_argument(
        "--latency-only", action="store_true", help="only the read latencies, on the graph a previous run left"
    )
    args = parser.parse_args()
    rows = 1_000_000 if args.million else args.rows

    result: dict[str, Any] = {
        "rows": rows,
        "machine": {
            "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
            "memGiB": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "loadAverageAtStart": os.getloadavg(),
            "python": platform.python_version(),
            "neo4j": local_neo4j.neo4j_version(),
            "heap": args.heap,
            "pagecache": args.pagecache,
        },
        "started": dt.datetime.now(dt.UTC).isoformat(),
    }
    if args.latency_only:
        local_neo4j.start(
            HOME,
            bolt_port=BOLT,
            http_port=HTTP,
            password=PASSWORD,
            heap=args.heap,
            pagecache=args.pagecache,
            timeout=300,
        )
        try:
            log("read latencies over HTTP, on the graph already loaded")
            result["latency"] = latency(args.requests, args.latency_budget)
        finally:
            if not args.keep_server:
                local_neo4j.stop(HOME)
        print(json.dumps(result["latency"], indent=2))
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"gdelt-{rows}-latency-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
        out.write_text(json.dumps(result, indent=2, default=str))
        log(f"results: {out.relative_to(REPO)}")
        return
    path = export(rows)
    log(f"starting Neo4j in {HOME} (bolt {BOLT})")
    local_neo4j.start(
        HOME, bolt_port=BOLT, http_port=HTTP, password=PASSWORD, heap=args.heap, pagecache=args.pagecache, timeout=300
    )
    driver = neo4j.GraphDatabase.driver(f"bolt://127.0.0.1:{BOLT}", auth=("neo4j", PASSWORD))
    try:
        from loaders.neo4j_writer import ensure_schema

        ensure_schema(driver, DATABASE)
        wipe(driver)
        log(f"naive loader on {args.naive_sample:,} rows")
        result["naive"] = naive(driver, path, args.naive_sample)
        log(f"naive: {result['naive']['eventsPerSecond']:.0f} events/s")

        if not args.skip_rust_compare:
            small = export(min(rows, 100_000))
            for rust in (False, True):
                wipe(driver)
                run = project_loader(small, args.batch_size, rust=rust)
                result["rust" if rust else "noRust"] = run
                log(f"loader on {run['events']:,} rows, rust extension {rust}: {run['eventsPerSecond']:.0f} events/s")

        wipe(driver)
        log(f"project loader on {rows:,} rows")
        result["loader"] = project_loader(path, args.batch_size)
        loaded = result["loader"]
        log(f"loader: {loaded['eventsPerSecond']:.0f} events/s, peak RSS {loaded['peakRssMB']:.0f} MB")
        result["counts"] = counts(driver)
        log("reloading the same file")
        result["reload"] = project_loader(path, args.batch_size)
        result["reloadCounts"] = counts(driver)
        result["idempotent"] = result["counts"] == result["reloadCounts"]

        log("read latencies over HTTP")
        result["latency"] = latency(args.requests, args.latency_budget)
    finally:
        driver.close()
        if not args.keep_server:
            local_neo4j.stop(HOME)

    if not args.skip_import:
        log("writing CSV for neo4j-admin import")
        prepared = write_import_csv(path, WORK / f"import-{rows}")
        log(f"neo4j-admin database import full ({prepared['events']:,} events)")
        result["bulkImport"] = bulk_import(WORK / f"import-{rows}", prepared["events"])
        result["bulkImport"]["csvSeconds"] = prepared["csvSeconds"]
        shutil.rmtree(WORK / f"import-{rows}", ignore_errors=True)

    loader = result["loader"]["eventsPerSecond"]
    result["ratios"] = {
        "loaderOverNaive": loader / result["naive"]["eventsPerSecond"],
        "loaderOverBulkImport": loader / result["bulkImport"]["eventsPerSecond"] if "bulkImport" in result else None,
        "rustOverNoRust": (
            result["rust"]["eventsPerSecond"] / result["noRust"]["eventsPerSecond"] if "rust" in result else None
        ),
    }
    result["finished"] = dt.datetime.now(dt.UTC).isoformat()
    result["machine"]["loadAverageAtEnd"] = os.getloadavg()
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"gdelt-{rows}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    print_table(result)
    print(f"\nresults: {out.relative_to(REPO)}")


def print_table(r: dict[str, Any]) -> None:
    m = r["machine"]
    print(
        f"\n# GDELT import, {r['rows']:,} rows; {m['cpus']} CPUs ({m['processor']}), {m['memGiB']} GiB, Neo4j "
        f"{m['neo4j']} heap {m['heap']} pagecache {m['pagecache']}; "
        f"load average at start {m['loadAverageAtStart'][0]:.1f}"
    )
    print(f"{'measure':<44}{'value':>16}")
    lines = [
        ("naive loader (1 tx/event), events/s", f"{r['naive']['eventsPerSecond']:,.0f}"),
        ("project loader, events/s", f"{r['loader']['eventsPerSecond']:,.0f}"),
        ("project loader, seconds", f"{r['loader']['seconds']:,.1f}"),
        ("project loader, peak RSS MB", f"{r['loader']['peakRssMB']:,.0f}"),
        ("reload (no change), events/s", f"{r['reload']['eventsPerSecond']:,.0f}"),
        ("reload changed no count", str(r["idempotent"])),
    ]
    if "rust" in r:
        lines += [
            (
                f"loader without rust ext ({r['noRust']['events']:,} rows), ev/s",
                f"{r['noRust']['eventsPerSecond']:,.0f}",
            ),
            (f"loader with rust ext ({r['rust']['events']:,} rows), ev/s", f"{r['rust']['eventsPerSecond']:,.0f}"),
        ]
    if "bulkImport" in r:
        lines += [
            ("neo4j-admin import, events/s", f"{r['bulkImport']['eventsPerSecond']:,.0f}"),
            ("neo4j-admin import, seconds (CSV apart)", f"{r['bulkImport']['seconds']:,.1f}"),
        ]
    ratios = r["ratios"]
    lines += [("loader / naive", f"{ratios['loaderOverNaive']:,.1f}x")]
    if ratios["loaderOverBulkImport"] is not None:
        lines += [("loader / bulk import", f"{ratios['loaderOverBulkImport']:.2f}")]
    lat = r["latency"]
    for name in ("timeline", "paths"):
        q = lat[name]
        lines += [
            (
                f"/{name} p50 / p95 / p99 ms ({q['samples']} req, {','.join(map(str, q['status']))})",
                f"{q['p50ms']:.1f} / {q['p95ms']:.1f} / {q['p99ms']:.1f}",
            )
        ]
    for name, value in lines:
        print(f"{name:<44}{value:>16}")
    print(f"counts: {r['counts']}")


if __name__ == "__main__":
    main()
