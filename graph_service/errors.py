"""Errors in one place: the domain exceptions stores and services raise, and their one HTTP shape.

Nothing below the routers raises ``HTTPException``. Stores raise :class:`NotFound`, :class:`InvalidParameter`,
:class:`StoreUnavailable` or :class:`QueryTimeout`; :func:`install` maps each to a problem document in the manner of
RFC 9457 (``type``, ``title``, ``status``, ``detail``, ``instance``, plus ``errors`` for 422, each naming where in the
request the fault is). FastAPI's own request validation errors are rewritten into the same shape, and anything
unexpected becomes a 500 problem that names no internals.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger(__name__)

PROBLEM_MEDIA_TYPE = "application/problem+json"
_TYPE_BASE = "https://timeline-kg.example/problems/"


class ServiceError(Exception):
    """Base of the domain errors; each subclass knows its status and problem type."""

    status = 500
    slug = "internal-error"
    title = "Internal error"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class NotFound(ServiceError):
    status, slug, title = 404, "not-found", "Not found"


class InvalidParameter(ServiceError):
    """A request that parses but makes no sense: ``from`` after ``to``, an unknown cursor, the same path ends."""

    status, slug, title = 422, "invalid-parameters", "Invalid parameters"

    def __init__(self, detail: str, loc: tuple[str, ...] = ("query",)) -> None:
        super().__init__(detail)
        self.loc = loc


class StoreUnavailable(ServiceError):
    status, slug, title = 503, "store-unavailable", "Store unavailable"


class QueryTimeout(ServiceError):
    status, slug, title = 504, "query-timeout", "Query timed out"


class FieldError(BaseModel):
    loc: list[str | int] = Field(description="Where the fault is: ['query', 'limit'], ['path', 'id'], ...")
    msg: str
    type: str


class ProblemDocument(BaseModel):
    """The one error shape of this API (RFC 9457 problem details)."""

    type: str = Field(examples=[_TYPE_BASE + "not-found"])
    title: str = Field(examples=["Not found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["no event with id 'no-such-event'"])
    instance: str | None = Field(default=None, description="The request path")
    errors: list[FieldError] | None = Field(default=None, description="For 422: every fault, each with its location")


# For route declarations: responses={**problem_responses(404, 422)}.
_DESCRIPTIONS = {
    404: "Unknown id",
    422: "Bad parameters",
    503: "Store unavailable",
    504: "Query timed out",
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    chosen = (*statuses, 503, 504)
    return {
        status: {"model": ProblemDocument, "description": _DESCRIPTIONS[status], "content": {PROBLEM_MEDIA_TYPE: {}}}
        for status in chosen
    }


def _response(request: Request, status: int, slug: str, title: str, detail: str, errors: Any = None) -> JSONResponse:
    body = ProblemDocument(
        type=_TYPE_BASE + slug, title=title, status=status, detail=detail, instance=request.url.path, errors=errors
    )
    return JSONResponse(jsonable_encoder(body, exclude_none=True), status_code=status, media_type=PROBLEM_MEDIA_TYPE)


def _clean_validation_errors(raw: list[Any]) -> list[FieldError]:
    out = []
    for error in raw:
        msg = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        given = error.get("input")
        if given is not None and isinstance(given, (str, int, float)) and error.get("type") != "missing":
            msg = f"{msg} (got {given!r})"
        out.append(FieldError(loc=list(error.get("loc", ())), msg=msg, type=str(error.get("type", "value_error"))))
    return out


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem document."""

    @app.exception_handler(ServiceError)
    async def service_error(request: Request, exc: ServiceError) -> JSONResponse:
        errors = None
        if isinstance(exc, InvalidParameter):
            errors = [FieldError(loc=list(exc.loc), msg=exc.detail, type="value_error")]
        if exc.status >= 500:
            log.warning("%s %s: %s", request.method, request.url.path, exc.detail)
        return _response(request, exc.status, exc.slug, exc.title, exc.detail, errors)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = _clean_validation_errors(list(exc.errors()))
        detail = "; ".join(f"{'.'.join(str(p) for p in e.loc)}: {e.msg}" for e in errors)
        return _response(request, 422, InvalidParameter.slug, InvalidParameter.title, detail, errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        # Routing errors (unknown path, wrong method) keep their status but take the problem shape.
        title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "HTTP error")
        return _response(request, exc.status_code, title.lower().replace(" ", "-"), title, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return _response(request, 500, "internal-error", "Internal error", "the service failed to answer; see its log")
