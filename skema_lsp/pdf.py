"""PDF rendering with WeasyPrint, locked down: only data: URIs and files inside the static folder
may be fetched, so a template can neither reach the network nor read arbitrary files."""

from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string


def static_root() -> Path:
    return Path(settings.STATICFILES_DIRS[0]).resolve()


def _locked_fetcher():
    # Imported lazily: WeasyPrint costs ~0.5 s to import.
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


def render_pdf(template_name: str, context: dict | None = None) -> bytes:
    """Render a Django template to PDF bytes. Relative URLs resolve inside static/."""
    from weasyprint import HTML

    html = render_to_string(template_name, context or {})
    return HTML(
        string=html, base_url=static_root().as_uri() + "/", url_fetcher=_locked_fetcher()
    ).write_pdf()
