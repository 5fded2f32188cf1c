"""Debian's system Chromium for the browser tests (never a browser Playwright downloads)."""

from __future__ import annotations

import os
import shutil

import pytest


def unavailable(reason: str) -> None:
    """Skip, or fail when the run demands every test (REQUIRE_NEO4J=1, as CI sets)."""
    if os.environ.get("REQUIRE_NEO4J") == "1":
        pytest.fail(f"REQUIRE_NEO4J=1 but the browser test cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def chromium_path() -> str:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    unavailable("no system Chromium (apt-get install chromium)")
    raise AssertionError  # unreachable
