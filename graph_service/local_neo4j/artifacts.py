"""What a local server needs before it can start: a Java 17+ runtime, and the Neo4j jars resolved by Maven from
Maven Central (once; a stamp holding the pom's hash makes later starts skip Maven)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from graph_service.local_neo4j.config import LIB_DIR, LOG_TAIL_LINES, MIN_JAVA, POM_PATH, TOOLS_DIR
from graph_service.local_neo4j.errors import ArtifactError, JavaNotFoundError
from graph_service.local_neo4j.process import file_lock
from timeline_kg.settings import Settings

# Written into LIB_DIR after a successful `mvn package`; holds the pom's hash so a
# changed pom (e.g. a version bump) triggers a clean re-resolution.
LIB_STAMP = LIB_DIR / ".complete"


def neo4j_version() -> str:
    """The Neo4j version pinned in tools/neo4j/pom.xml (single source of truth)."""
    match = re.search(r"<neo4j\.version>([^<]+)</neo4j\.version>", POM_PATH.read_text(encoding="utf-8"))
    if match is None:
        raise ArtifactError(f"no <neo4j.version> property in {POM_PATH}; restore the file from git")
    return match.group(1).strip()


def find_java(java_home: Path | None = None) -> str:
    """Path of a Java >= 17 runtime: ``<java_home>/bin/java`` first (default: the JAVA_HOME setting), else
    ``java`` on PATH."""
    candidates: list[str] = []
    java_home = java_home or Settings().java_home
    if java_home:
        candidate = Path(java_home) / "bin" / "java"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            candidates.append(str(candidate))
    on_path = shutil.which("java")
    if on_path:
        candidates.append(on_path)
    if not candidates:
        raise JavaNotFoundError(
            "no `java` found on PATH or in JAVA_HOME; Neo4j 5.26 needs Java 17 or 21 "
            "(e.g. `apt-get install openjdk-17-jre-headless`)"
        )
    java = candidates[0]
    major = _java_major_version(java)
    if major < MIN_JAVA:
        raise JavaNotFoundError(
            f"{java} is Java {major}; Neo4j 5.26 needs Java {MIN_JAVA} or 21 "
            "(install openjdk-17 and put it first on PATH or set JAVA_HOME)"
        )
    return java


def _java_major_version(java: str) -> int:
    try:
        proc = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30, check=False)
    except OSError as exc:
        raise JavaNotFoundError(f"cannot run {java} ({exc}); install Java 17 or 21") from exc
    # e.g. `openjdk version "17.0.15" 2025-04-15` or, for Java 8, `"1.8.0_392"`.
    match = re.search(r'version "(\d+)(?:\.(\d+))?', proc.stderr + proc.stdout)
    if match is None:
        raise JavaNotFoundError(f"cannot tell the version of {java}: {proc.stderr.strip()[:200]}")
    major = int(match.group(1))
    if major == 1 and match.group(2):
        major = int(match.group(2))
    return major


def _pom_digest() -> str:
    return hashlib.sha256(POM_PATH.read_bytes()).hexdigest()


def _artifacts_ready() -> bool:
    try:
        return LIB_STAMP.read_text(encoding="utf-8").strip() == _pom_digest()
    except FileNotFoundError:
        return False


def ensure_artifacts(progress: Callable[[str], None] | None = None, timeout: float = 1800.0) -> Path:
    """Resolve the Neo4j jars with Maven (once) and return the lib directory.

    Maven caches downloads in ~/.m2 and copies them into tools/neo4j/target/lib; a
    stamp file makes later calls skip Maven entirely, so a warm start spawns no mvn.
    """
    if _artifacts_ready():
        return LIB_DIR
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ArtifactError(
            "`mvn` not found on PATH; install Maven 3.8+ (e.g. `apt-get install maven`) so the "
            "Neo4j jars can be resolved from Maven Central"
        )
    LIB_DIR.parent.mkdir(parents=True, exist_ok=True)
    # Serialise concurrent starts (e.g. the dev server and the test fixture).
    with file_lock(LIB_DIR.parent / ".resolve.lock"):
        if _artifacts_ready():
            return LIB_DIR
        if progress:
            progress(f"Resolving Neo4j {neo4j_version()} from Maven Central (first run downloads ~140 MB)...")
        # copy-dependencies never deletes, so stale jars of another version would
        # end up on the classpath next to the new ones: start from an empty dir.
        shutil.rmtree(LIB_DIR, ignore_errors=True)
        cmd = [mvn, "-B", "-q", "-f", str(POM_PATH), "package"]
        try:
            proc = subprocess.run(cmd, cwd=TOOLS_DIR, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ArtifactError(
                f"Maven did not finish resolving Neo4j within {timeout:.0f}s; check the network "
                f"access to Maven Central and rerun `mvn -f {POM_PATH} package`"
            ) from exc
        if proc.returncode != 0 or not any(LIB_DIR.glob("neo4j-server-*.jar")):
            output = (proc.stdout + proc.stderr).strip().splitlines()
            raise ArtifactError(
                f"Maven failed to resolve the Neo4j jars (exit {proc.returncode}); fix the cause below "
                f"and rerun, or run `mvn -f {POM_PATH} package` to see the full output",
                "\n".join(output[-LOG_TAIL_LINES:]),
            )
        LIB_STAMP.write_text(_pom_digest() + "\n", encoding="utf-8")
    return LIB_DIR
