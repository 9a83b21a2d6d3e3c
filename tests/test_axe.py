"""What people see, in Chromium (issue 19), on the demo data (seed_demo) as each persona:

- axe-core (the copy inside the pinned axe-playwright-python package; no CDN) over every HTML page
  the persona reaches according to the permission matrix: no serious or critical finding;
- keyboard focus is visible;
- the applicant's pages at 390 px: nothing wider than the phone;
- screenshots of each role's dashboard at desktop and phone width in test-results/ (gitignored)."""

import json
from io import StringIO
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import Browser, Page

from accounts.roles import Role
from tests.conftest import FAST_HASHER
from tests.demo import Demo, top_up
from tests.test_permission_matrix import MATRIX, PERSONAS, _url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WAIT = 20_000
SHOTS = Path(settings.BASE_DIR) / "test-results"
ROLES = ("staf", "asesor1", "teknis1", "banding1", "direktur", "pemohon1")
# axe impacts that fail the test; "moderate" and "minor" are reported by axe but not failed on.
FAILING = {"serious", "critical"}


@pytest.fixture
def seeded(settings, demo_media):
    settings.PASSWORD_HASHERS = FAST_HASHER
    settings.AXES_ENABLED = False
    Group.objects.bulk_create([Group(name=role) for role in Role.values], ignore_conflicts=True)
    call_command("seed_demo", "--force", stdout=StringIO())
    demo = Demo()
    top_up(demo)
    return demo


def open_as(browser: Browser, base: str, demo: Demo, persona: str, width: int = 1366) -> Page:
    context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 844 if width < 600 else 900})
    if persona != "anonim":
        client = Client()
        client.force_login(demo.user(persona))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}])
    page = context.new_page()
    page.set_default_timeout(WAIT)
    return page


def reachable(demo: Demo, persona: str) -> list[str]:
    column = PERSONAS.index(persona)
    urls = [_url(name, demo) for name, row in sorted(MATRIX.items()) if row[column] == 200]
    return list(dict.fromkeys(urls))


def html_pages(page: Page, base: str, urls: list[str]) -> list[str]:
    """The URLs answering HTML (files, PDFs and JSON are not pages)."""
    result = []
    for url in urls:
        response = page.request.get(base + url, max_redirects=0)
        if response.status == 200 and response.headers.get("content-type", "").startswith("text/html"):
            result.append(url)
    return result


def findings(page: Page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
            for v in results.response["violations"] if v["impact"] in FAILING]


def test_no_serious_axe_findings_on_any_page_any_persona_reaches(browser: Browser, live_server, seeded):
    base, failures, seen = live_server.url, {}, 0
    for persona in (*ROLES, "anonim"):
        page = open_as(browser, base, seeded, persona)
        for url in html_pages(page, base, reachable(seeded, persona)):
            page.goto(base + url)
            seen += 1
            found = findings(page)
            if found:
                failures[f"{persona} {url}"] = found
        page.context.close()
    SHOTS.mkdir(exist_ok=True)
    (SHOTS / "axe-findings.json").write_text(json.dumps(failures, indent=1, ensure_ascii=False))
    assert seen > 60
    assert failures == {}


def test_keyboard_focus_is_visible(browser: Browser, live_server, seeded):
    page = open_as(browser, live_server.url, seeded, "pemohon1")
    page.goto(live_server.url + "/dasbor/")
    for _ in range(3):
        page.keyboard.press("Tab")
        outline = page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                                " return [s.outlineStyle, parseFloat(s.outlineWidth),"
                                " document.activeElement.outerHTML.slice(0, 120)]; })()")
        assert outline[0] != "none" and outline[1] >= 2, outline
    page.context.close()


def test_applicant_pages_fit_a_390px_phone(browser: Browser, live_server, seeded):
    """Every page the applicant reaches (and the public ones before sign-up): no horizontal scroll at
    390 px; every file input there names the kinds it accepts, so the phone offers its camera."""
    base, too_wide, no_accept = live_server.url, {}, []
    for persona in ("pemohon1", "anonim"):
        page = open_as(browser, base, seeded, persona, width=390)
        for url in html_pages(page, base, reachable(seeded, persona)):
            page.goto(base + url)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                too_wide[url] = width
            no_accept += [f"{url} {name}" for name in page.evaluate(
                "[...document.querySelectorAll('input[type=file]:not([accept])')].map(e => e.name)")]
        page.context.close()
    assert too_wide == {} and no_accept == []


def test_dashboard_screenshots_of_each_role(browser: Browser, live_server, seeded):
    SHOTS.mkdir(exist_ok=True)
    for persona in ROLES:
        for label, width in (("desktop", 1366), ("phone", 390)):
            page = open_as(browser, live_server.url, seeded, persona, width=width)
            page.goto(live_server.url + "/dasbor/")
            path = SHOTS / f"dasbor-{persona}-{label}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 10_000
            assert page.evaluate("document.documentElement.scrollWidth") <= width
            page.context.close()
