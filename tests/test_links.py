"""No page links to a page its viewer cannot open (issue 12, item 18): every internal <a href> on
every HTML page of the permission matrix, followed as the persona who saw it, answers below 400."""

from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.test_accessibility import HTML_ROUTES, _login, _pages
from tests.test_permission_matrix import _url

pytestmark = pytest.mark.django_db

SKIPPED_PREFIXES = ("/static/", "/accounts/logout/", "/i18n/")


class Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href:
            self.hrefs.append(href)


def internal_links(html: str) -> set[str]:
    parser = Links()
    parser.feed(html)
    found = set()
    for href in parser.hrefs:
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIPPED_PREFIXES):
            continue
        found.add(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def test_internal_links_keep_paths_and_queries_only():
    html = ('<a href="/sk/1/">SK</a><a href="#konten">x</a><a href="https://bnsp.go.id/">BNSP</a>'
            '<a href="/static/css/app.css">c</a><a href="/rapat/?page=2#atas">2</a><a>tanpa</a>')
    assert internal_links(html) == {"/sk/1/", "/rapat/?page=2"}


PAGES_BY_PERSONA: dict[str, list[str]] = defaultdict(list)
for _name in HTML_ROUTES:
    for _persona in _pages(_name):
        PAGES_BY_PERSONA[_persona].append(_name)


@pytest.mark.parametrize("persona", sorted(PAGES_BY_PERSONA), ids=str)
def test_every_link_shown_opens_for_its_viewer(client, demo, persona):
    _login(client, demo, persona)
    links: dict[str, str] = {}
    for name in PAGES_BY_PERSONA[persona]:
        page = _url(name, demo)
        response = client.get(page)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            for link in internal_links(response.content.decode()):
                links.setdefault(link, page)
    broken = {}
    for link, page in sorted(links.items()):
        status = client.get(link).status_code
        if status >= 400:
            broken[link] = (page, status)
    assert broken == {}, f"{persona}: link → (page showing it, status)"
