"""JSON answers returned as they are, for the busiest read routes.

FastAPI validates what a sync route returns against its response model in another
thread-pool hop (with the request's database connection still held), then writes it with
pydantic's serializer. A route that returns `Json(content)` skips that hop; the bytes are
written by the same serializer (`pydantic_core.to_json`), and the route keeps its
`response_model` for the OpenAPI description.

A view kept serialised in the views' cache (`Encoded`) is sent by `encoded_reply`: gzipped
when the client accepts gzip (every browser does) from the gzip made once per kept value,
not per request; with an ETag of its content, so that a browser revalidating it gets a 304.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response
from pydantic_core import to_json

from citydip.analytics.cache import Encoded

MIN_GZIP = 1024  # bytes: a smaller body is sent as it is (about a packet; little to save)


class Json(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return to_json(content)


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header accepts gzip (`gzip`, `x-gzip` or `*`, q > 0)."""
    named: float | None = None
    star: float | None = None
    for part in accept_encoding.split(","):
        coding, *params = part.split(";")
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value.strip())
                except ValueError:
                    q = 0.0
        coding = coding.strip().lower()
        if coding in ("gzip", "x-gzip"):
            named = q if named is None else max(named, q)
        elif coding == "*":
            star = q
    chosen = named if named is not None else star
    return chosen is not None and chosen > 0


def none_match(if_none_match: str, tags: tuple[str, ...]) -> bool:
    """Whether If-None-Match names one of `tags` (weak comparison) or is `*`."""
    if if_none_match.strip() == "*":
        return True
    asked = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return not asked.isdisjoint(tags)


def encoded_reply(
    request: Request, body: Encoded, media_type: str = "application/json"
) -> Response:
    """`body` as the request accepts it: gzipped (from its gzip made once) when it accepts
    gzip and the body is not small, else as it is; a 304 when its If-None-Match names it.

    The ETag is the content's digest (`"<digest>"`, `"<digest>-gzip"` gzipped), so two
    worker processes holding the same view send the same one, and different views never
    share one; `no-cache` has the browser revalidate it each time, `private` keeps shared
    caches from storing what needs signing in.
    """
    plain_tag = f'"{body.digest}"'
    gzip_tag = f'"{body.digest}-gzip"'
    headers = {"Cache-Control": "private, no-cache"}
    gzipped = len(body.plain) >= MIN_GZIP
    if gzipped:
        headers["Vary"] = "Accept-Encoding"
        gzipped = accepts_gzip(request.headers.get("accept-encoding", ""))
    headers["ETag"] = gzip_tag if gzipped else plain_tag
    asked = request.headers.get("if-none-match")
    if asked is not None and none_match(asked, (plain_tag, gzip_tag)):
        return Response(status_code=304, headers=headers)
    if not gzipped:
        return Response(body.plain, media_type=media_type, headers=headers)
    headers["Content-Encoding"] = "gzip"
    return Response(body.gzip(), media_type=media_type, headers=headers)
