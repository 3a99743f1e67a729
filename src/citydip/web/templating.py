"""Rendering pages: Jinja2 templates with the labels, the user and the CSRF token at hand.

An HTMX request can ask for one named block of a page instead of the whole page (the same
route, the same data): `render(request, "review.html", ctx, block="items")`.
"""

from __future__ import annotations

import json
from functools import lru_cache, partial
from importlib import resources
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from citydip.i18n import LANGS, code_label, translate
from citydip.store.accounts import User
from citydip.web import deps

STATIC_URL = "/static"


@lru_cache(maxsize=1)
def _manifest() -> dict[str, str]:
    path = resources.files("citydip.web") / "static" / "vendor" / "manifest.json"
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


def vendor(name: str) -> str:
    """The URL of a vendored library by its manifest name ('htmx', 'leaflet_js', ...)."""
    return f"{STATIC_URL}/vendor/{_manifest()[name]}"


def make_templates() -> Jinja2Templates:
    folder = str(resources.files("citydip.web") / "templates")
    templates = Jinja2Templates(directory=folder)
    env = templates.env
    env.globals.update(vendor=vendor, static=STATIC_URL, LANGS=LANGS)
    return templates


class Renderer:
    """`render(request, name, context)`: a page with everything a template expects."""

    def __init__(self, templates: Jinja2Templates) -> None:
        self.templates = templates

    def context(self, request: Request, context: dict[str, Any]) -> dict[str, Any]:
        lang = deps.language(request)
        user: User | None = getattr(request.state, "user", None)
        return {
            "lang": lang,
            "t": partial(translate, lang=lang),
            "label": partial(code_label, lang=lang),
            "user": user,
            "csrf": deps.csrf_token(request),
            "path": request.url.path,
            **context,
        }

    def __call__(
        self,
        request: Request,
        name: str,
        context: dict[str, Any] | None = None,
        *,
        status: int = 200,
        block: str | None = None,
    ) -> HTMLResponse:
        ctx = self.context(request, context or {})
        headers = {"Vary": "HX-Request, Accept-Language, Cookie"}
        if block and request.headers.get("hx-request"):
            template = self.templates.get_template(name)
            body = "".join(template.blocks[block](template.new_context(ctx)))
            return HTMLResponse(body, status_code=status, headers=headers)
        return self.templates.TemplateResponse(
            request, name, ctx, status_code=status, headers=headers
        )
