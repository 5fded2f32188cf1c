"""schemathesis over the OpenAPI document, on each store, bounded in time: no 500, every answer as documented
(status, media type, headers, schema), wrong methods refused with Allow, out-of-schema input refused with 4xx."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ST = Path(sys.executable).parent / "st"
SECONDS_PER_STORE = 75
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "negative_data_rejection",
        "unsupported_method",
        "allow_header_conformance",
    ]
)


@pytest.mark.parametrize("store", ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def test_schemathesis_finds_nothing(store: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    url = request.getfixturevalue(f"{store}_url")
    if store == "neo4j":
        request.getfixturevalue("neo4j_server")
    command = [
        str(ST), "run", f"{url}/openapi.json",
        "--checks", CHECKS,
        "--phases", "examples,coverage,fuzzing",
        "--max-examples", "40",
        "--max-time", str(SECONDS_PER_STORE),
        "--workers", "1",
        "--seed", "20261201",
        "--generation-database", "none",
        "--request-timeout", "20",
        "--suppress-health-check", "filter_too_much",  # about the generator (path params), not the API
        "--no-color",
        "--report", "junit", "--report-dir", str(tmp_path),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, timeout=SECONDS_PER_STORE + 120, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
