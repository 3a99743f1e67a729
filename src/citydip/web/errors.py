"""Errors at the web edge: one JSON shape for the API, one HTML page for people.

`{"ok": false, "error": "...", "errors": [{"field": ..., "message": ...}], "status": 422}`
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from citydip.errors import (
    AmbiguousError,
    AuthError,
    CitydipError,
    ConflictError,
    FieldErrors,
    ForbiddenError,
    InputError,
    NotFoundError,
    StoreError,
)
from citydip.reports.pdf import PdfError

STATUS: list[tuple[type[CitydipError], int]] = [
    (AuthError, 401),
    (ForbiddenError, 403),
    (NotFoundError, 404),
    (ConflictError, 409),
    (AmbiguousError, 422),
    (InputError, 422),
    (StoreError, 503),
    (PdfError, 503),  # no Chromium to print with, or the page did not finish drawing
]


class TooLarge(InputError):
    """An upload or body over the limit."""


def status_of(exc: CitydipError) -> int:
    if isinstance(exc, TooLarge):
        return 413
    return next((code for kind, code in STATUS if isinstance(exc, kind)), 400)


def field_errors(exc: CitydipError) -> list[dict[str, Any]]:
    if isinstance(exc, FieldErrors):
        return [{"field": f, "message": m} for f, m in exc.errors]
    if isinstance(exc, InputError) and exc.field:
        return [{"field": exc.field, "message": exc.message}]
    return []


def wants_json(request: Request) -> bool:
    return (
        request.url.path.startswith("/api/")
        or "application/json" in request.headers.get("accept", "").split(",")[0]
    )


def error_body(status: int, message: str, errors: list[dict[str, Any]]) -> dict[str, Any]:
    return {"ok": False, "error": message, "errors": errors, "status": status}


def _json(status: int, message: str, errors: list[dict[str, Any]], **extra: Any) -> JSONResponse:
    return JSONResponse(error_body(status, message, errors) | extra, status_code=status)


def _page(request: Request, status: int, message: str) -> Response:
    if status == 401 and request.method == "GET" and not request.headers.get("hx-request"):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
    render = request.app.state.render
    return render(request, "error.html", {"status": status, "message": message}, status=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(CitydipError)
    async def domain_error(request: Request, exc: CitydipError) -> Response:
        status = status_of(exc)
        message = exc.message if isinstance(exc, InputError) else str(exc)
        if wants_json(request):
            extra = {}
            if isinstance(exc, ConflictError):
                extra["current_version"] = exc.current_version
            return _json(status, message, field_errors(exc), **extra)
        return _page(request, status, str(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {
                "field": ".".join(str(p) for p in e["loc"] if p not in ("body", "query", "path")),
                "message": e["msg"],
            }
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"field": "", "message": "bad request"}
        message = f"{first['field']}: {first['message']}" if first["field"] else first["message"]
        if wants_json(request):
            return _json(422, message, errors)
        return _page(request, 422, message)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        if wants_json(request):
            return _json(exc.status_code, message, [])
        return _page(request, exc.status_code, message)
