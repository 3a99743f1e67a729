"""One self-contained HTML document from a template of templates/: labels in the reader's
language, the vendored chart libraries inlined, every chart a Vega-Lite spec drawn in place.

Templates extend `_base.html`, which inlines the styles and, when a page has charts, Vega,
Vega-Lite and vega-embed; `chart(id, spec)` places a chart. When every chart has drawn, the
page sets `window.citydipReady = true` (PDF printing waits for it).
"""

from __future__ import annotations

import json
from functools import cache, partial
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from citydip.i18n import LANGS, code_label, translate

# vendored files (web/static/vendor, named in its manifest) that documents inline
CHART_LIBRARIES = ("vega", "vega_lite", "vega_embed")


@cache
def _vendor_file(name: str) -> str:
    folder = resources.files("citydip") / "web" / "static" / "vendor"
    manifest: dict[str, str] = json.loads((folder / "manifest.json").read_text("utf-8"))
    return (folder / manifest[name]).read_text("utf-8")


def vendored(name: str) -> str:
    """The text of a vendored file by its manifest name ('vega', 'countries', ...)."""
    return _vendor_file(name)


def inline_script(name: str) -> Markup:
    """A vendored script as an inline <script> element (its text made safe for inlining)."""
    text = vendored(name).replace("</script", "<\\/script")
    return Markup(f"<script>{text}</script>")  # noqa: S704 - vendored file, not user input


def to_json(value: Any) -> Markup:
    """JSON for a <script type="application/json"> element (no '</' can close it early)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("citydip.reports", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(inline_script=inline_script, CHART_LIBRARIES=CHART_LIBRARIES, LANGS=LANGS)
    env.filters["json"] = to_json
    return env


def render(template: str, lang: str, **context: Any) -> str:
    """The HTML of a template in a language ('en' or 'ko'), with `t` and `label` bound to it."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: one of {', '.join(LANGS)}")
    page = _environment().get_template(template)
    return page.render(
        lang=lang,
        t=partial(translate, lang=lang),
        label=partial(code_label, lang=lang),
        **context,
    )
