"""Query-string values taken only in their plain written form: a whole number as digits (not ``1.0``), a day as
``YYYY-MM-DD`` (not a Unix timestamp such as ``0`` nor a datetime). Pydantic's lax parsing would take those."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from pydantic import BeforeValidator

_DIGITS = re.compile(r"[0-9]{1,6}")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _digits(value: Any) -> Any:
    if isinstance(value, str) and not _DIGITS.fullmatch(value):
        raise ValueError("expected a whole number written in digits")
    return value


def _day(value: Any) -> Any:
    if isinstance(value, str) and not _DAY.fullmatch(value):
        raise ValueError("expected a day as YYYY-MM-DD")
    if not isinstance(value, (str, dt.date)):
        raise ValueError("expected a day as YYYY-MM-DD")
    return value


WholeNumber = Annotated[int, BeforeValidator(_digits)]
Day = Annotated[dt.date, BeforeValidator(_day)]
