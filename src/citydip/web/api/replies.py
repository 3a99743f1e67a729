"""A JSON answer returned as is, for the busiest read routes.

FastAPI validates what a sync route returns against its response model in another
thread-pool hop (with the request's database connection still held), then writes it with
pydantic's serializer. A route that returns `Json(content)` skips that hop; the bytes are
written by the same serializer (`pydantic_core.to_json`), and the route keeps its
`response_model` for the OpenAPI description.
"""

from __future__ import annotations

from typing import Any

from fastapi.responses import Response
from pydantic_core import to_json


class Json(Response):
    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return to_json(content)
