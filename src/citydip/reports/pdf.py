"""PDF from a standalone HTML document, printed by headless Chromium (Debian's `chromium`,
driven by Playwright; no browser is downloaded). The page may fetch nothing: every request
it makes is refused, so a PDF shows exactly what the HTML holds.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from citydip.errors import CitydipError

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
READY_TIMEOUT_MS = 20_000  # charts must have drawn by then


class PdfError(CitydipError):
    """A PDF could not be printed (no Chromium, or the page did not finish drawing)."""


def chromium_path() -> str:
    """The Chromium to print with: CITYDIP_CHROMIUM, else `chromium` on the PATH."""
    configured = os.environ.get("CITYDIP_CHROMIUM")
    if configured:
        if not Path(configured).exists():
            raise PdfError(f"CITYDIP_CHROMIUM={configured} does not exist")
        return configured
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise PdfError(
        "printing a PDF needs Chromium: install it (Debian: apt-get install chromium) "
        "or set CITYDIP_CHROMIUM to its path; the HTML version needs nothing"
    )


def html_to_pdf(html: str, out: Path | None = None, landscape: bool = False) -> bytes:
    """Print `html` to A4 PDF (written to `out` too, when given) and return its bytes."""
    executable = chromium_path()
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - playwright is a dependency
        raise PdfError("printing a PDF needs the playwright package") from exc
    with tempfile.TemporaryDirectory(prefix="citydip-pdf-") as home:
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(
                    executable_path=executable,
                    args=CHROMIUM_ARGS,
                    env={**os.environ, "HOME": home},
                )
                try:
                    page = browser.new_page()
                    page.route("**/*", lambda route: route.abort())
                    page.set_content(html, wait_until="load")
                    page.wait_for_function("window.citydipReady === true", timeout=READY_TIMEOUT_MS)
                    page.emulate_media(media="print")
                    data = page.pdf(
                        format="A4",
                        landscape=landscape,
                        print_background=True,
                        margin={"top": "14mm", "bottom": "14mm", "left": "12mm", "right": "12mm"},
                    )
                finally:
                    browser.close()
        except PlaywrightError as exc:
            raise PdfError(f"Chromium could not print the page: {exc.message}") from exc
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        tmp.write_bytes(data)
        tmp.replace(out)
    return data
