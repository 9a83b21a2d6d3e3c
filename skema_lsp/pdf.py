"""PDF rendering with WeasyPrint, locked down: only data: URIs and files inside the static folder
may be fetched, so a template can neither reach the network nor read arbitrary files.

What does not change between documents is prepared once per process: the URL fetcher, the font
configuration with the shipped fonts, and the project's stylesheets (static/css), parsed when first
used and passed to every render instead of being linked from the templates. Renders in a process
share the font configuration, so they take turns."""

import atexit
import threading
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string

STYLESHEETS = ("pdf.css",)  # static/css files every document gets; a document may add its own
_render_lock = threading.Lock()


def static_root() -> Path:
    return Path(settings.STATICFILES_DIRS[0]).resolve()


@cache
def _locked_fetcher():
    # Imported lazily: WeasyPrint costs ~0.5 s to import. One instance: creating a fetcher builds an
    # SSL context (~35 ms), although this one never opens a connection.
    from weasyprint.urls import URLFetcher

    class LockedURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = urlsplit(url).scheme.lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                root = static_root()
                if path.is_relative_to(root) and path.is_file():
                    return super().fetch(path.as_uri(), headers)
            raise ValueError(f"Sumber tidak diizinkan dalam PDF: {url[:80]}")

    return LockedURLFetcher()


@cache
def _font_config():
    from weasyprint.text.fonts import FontConfiguration

    # Released before the interpreter tears modules down: its cleanup removes a temporary folder.
    atexit.register(_font_config.cache_clear)
    atexit.register(_stylesheet.cache_clear)
    return FontConfiguration()


@cache
def _stylesheet(root: Path, name: str):
    """static/css/<name> parsed once, its @font-face fonts loaded into the shared font configuration."""
    from weasyprint import CSS

    path = (root / "css" / name).resolve()
    if not path.is_relative_to(root):
        raise ValueError(f"Lembar gaya PDF di luar folder static: {name}")
    return CSS(filename=str(path), font_config=_font_config(), url_fetcher=_locked_fetcher())


def render_pdf(template_name: str, context: dict | None = None, *, stylesheets: tuple[str, ...] = ()) -> bytes:
    """Render a Django template to PDF bytes with STYLESHEETS plus `stylesheets` (names in
    static/css, applied in that order). Relative URLs resolve inside static/."""
    from weasyprint import HTML

    html = render_to_string(template_name, context or {})
    root = static_root()
    with _render_lock:
        sheets = [_stylesheet(root, name) for name in (*STYLESHEETS, *stylesheets)]
        return HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=_locked_fetcher()).write_pdf(
            stylesheets=sheets, font_config=_font_config()
        )
