"""Accessible markup on every HTML page of the permission matrix (foundation issue: every input
labelled, landmarks, enough contrast, usable on a phone).

Each route is fetched as every persona for whom MATRIX says 200, plus the privileged persona of
tests/objects.py (the owner, the assessor, the holder: people the matrix's columns do not cover).
The HTML is parsed with html.parser and checked for: an accessible name on every visible form
control, one <main>, a labelled <nav>, one <h1>, <html lang="id">, a viewport meta, alt on every
<img>, tables with scoped header cells or a .table-responsive wrapper, and unique ids.

The contrast tests compute WCAG 2.x contrast ratios for the colours of static/css/app.css and the
Bootstrap colours they sit on (AA: 4.5:1 for body text)."""

import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import make_user
from tests.objects import OBJECT_ROUTES
from tests.test_permission_matrix import MATRIX, PERSONAS, _url

pytestmark = pytest.mark.django_db

UNNAMED_INPUT_TYPES = {"hidden", "submit", "button", "image", "reset"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class A11yParser(HTMLParser):
    """Collects what the checks need in one pass. Keeps a stack of open elements (void elements never
    pushed; an end tag pops up to its match, so unclosed <p>/<li> do not derail it)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.ids: Counter = Counter()
        self.label_for: set[str] = set()
        self.controls: list[tuple[str, dict, bool]] = []  # (tag, attrs, inside a <label>)
        self.html_lang: str | None = None
        self.viewport = False
        self.mains = 0
        self.navs: list[dict] = []
        self.h1s = 0
        self.imgs_without_alt: list[dict] = []
        self.tables: list[dict] = []  # {"responsive": bool, "th": [scope or None]}
        self.labelledby: list[str] = []
        self._tables_open: list[dict] = []

    def _inside(self, tag: str = "", cls: str = "") -> bool:
        for open_tag, attrs in self.stack:
            if tag and open_tag == tag:
                return True
            if cls and cls in (attrs.get("class") or "").split():
                return True
        return False

    def handle_starttag(self, tag, attrs_list):
        attrs = {k: (v if v is not None else "") for k, v in attrs_list}
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
        if attrs.get("aria-labelledby"):
            self.labelledby.extend(attrs["aria-labelledby"].split())
        getattr(self, f"_start_{tag}", lambda a: None)(attrs)
        if tag in ("input", "select", "textarea"):
            self.controls.append((tag, attrs, self._inside(tag="label")))
        if tag not in VOID:
            self.stack.append((tag, attrs))

    def handle_startendtag(self, tag, attrs_list):
        self.handle_starttag(tag, attrs_list)
        if tag not in VOID and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "table" and self._tables_open:
            self._tables_open.pop()
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def _start_html(self, attrs):
        self.html_lang = attrs.get("lang")

    def _start_meta(self, attrs):
        if attrs.get("name") == "viewport" and "width=device-width" in attrs.get("content", ""):
            self.viewport = True

    def _start_main(self, attrs):
        self.mains += 1

    def _start_nav(self, attrs):
        self.navs.append(attrs)

    def _start_h1(self, attrs):
        self.h1s += 1

    def _start_img(self, attrs):
        if "alt" not in attrs:
            self.imgs_without_alt.append(attrs)

    def _start_label(self, attrs):
        if attrs.get("for"):
            self.label_for.add(attrs["for"])

    def _start_table(self, attrs):
        table = {"responsive": self._inside(cls="table-responsive"), "th": []}
        self.tables.append(table)
        self._tables_open.append(table)

    def _start_th(self, attrs):
        if self._tables_open:
            self._tables_open[-1]["th"].append(attrs.get("scope"))


def _describe(tag: str, attrs: dict) -> str:
    keys = ("type", "name", "id")
    return f"<{tag} " + " ".join(f'{k}="{attrs[k]}"' for k in keys if k in attrs) + ">"


def problems(html: str) -> list[str]:
    """Every accessibility problem found in one page, as readable sentences (empty: the page passes)."""
    p = A11yParser()
    p.feed(html)
    p.close()
    found = []
    for tag, attrs, in_label in p.controls:
        if tag == "input" and attrs.get("type", "text").lower() in UNNAMED_INPUT_TYPES:
            continue
        named = (
            in_label
            or (attrs.get("id") and attrs["id"] in p.label_for)
            or attrs.get("aria-label", "").strip()
            or attrs.get("aria-labelledby", "").strip()
        )
        if not named:
            found.append(f"control without a label: {_describe(tag, attrs)}")
    found += [f"aria-labelledby names a missing id: {ref}" for ref in p.labelledby if ref not in p.ids]
    if p.html_lang != "id":
        found.append(f'<html lang="{p.html_lang}"> (want "id")')
    if not p.viewport:
        found.append("no <meta name=viewport content=width=device-width>")
    if p.mains != 1:
        found.append(f"{p.mains} <main> elements (want 1)")
    if not p.navs or not all(n.get("aria-label") or n.get("aria-labelledby") for n in p.navs):
        found.append("a <nav> without aria-label (or no <nav>)")
    if p.h1s != 1:
        found.append(f"{p.h1s} <h1> elements (want 1)")
    found += [f"<img> without alt: {a.get('src')}" for a in p.imgs_without_alt]
    for n, table in enumerate(p.tables, 1):
        scoped = bool(table["th"]) and all(table["th"])
        if not (scoped or table["responsive"]):
            found.append(f"table #{n}: no scoped <th> and not inside .table-responsive")
    found += [f'id="{i}" used {c} times' for i, c in p.ids.items() if c > 1]
    return found


def _pages(name: str) -> list[str]:
    """Personas for whom the route answers 200: from MATRIX, plus the object's own persona."""
    who = [p for p, status in zip(PERSONAS, MATRIX[name], strict=True) if status == 200]
    if name in OBJECT_ROUTES and OBJECT_ROUTES[name][0] not in who:
        who.append(OBJECT_ROUTES[name][0])
    return who


HTML_ROUTES = sorted(n for n in MATRIX if _pages(n))


def _login(client, demo, persona: str) -> None:
    client.logout()
    if persona == "pemohon_lain":
        client.force_login(make_user(Role.PEMOHON))
    elif persona != "anonim":
        client.force_login(demo.user(persona))


@pytest.mark.parametrize("name", HTML_ROUTES, ids=str)
def test_page_markup_is_accessible(client, demo, name):
    url = _url(name, demo)
    checked, failures = 0, {}
    for persona in _pages(name):
        _login(client, demo, persona)
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue  # files (PDF, CSV, JSON) and the object persona's redirects are not pages
        checked += 1
        if found := problems(response.content.decode()):
            failures[persona] = found
    report = "\n".join(f"  {who}: {problem}" for who, found in failures.items() for problem in found)
    assert not failures, f"GET {url}\n{report}"
    if name in {"home", "dashboard", "schemes:list", "registration:my_applications", "registration:detail"}:
        assert checked, "a core page was not rendered as HTML"


@pytest.mark.parametrize("persona", ["anonim", "pemohon1"])
def test_error_pages_are_accessible(client, demo, persona):
    _login(client, demo, persona)
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert problems(response.content.decode()) == []


def test_applicant_pages_fit_a_phone(client, demo):
    """The applicant's own pages: every data table scrolls inside .table-responsive instead of
    widening the page on a narrow screen."""
    _login(client, demo, "pemohon1")
    for name in ("dashboard", "registration:my_applications", "registration:detail", "assessment:my_assessments",
                 "decisions:my_certificates", "appeals:my_appeals", "notifications", "schemes:list"):
        parser = A11yParser()
        parser.feed(client.get(_url(name, demo)).content.decode())
        assert parser.viewport
        assert [t for t in parser.tables if not t["responsive"]] == [], name


def test_the_checker_catches_problems():
    """The checker itself: a page with each problem is reported, the fixed page is not."""
    bad = """<html><head></head><body><nav></nav><main><h1>A</h1><h1>B</h1>
      <input type="text" name="q"><select name="s"></select><textarea id="t"></textarea>
      <img src="x.png"><table><tr><th>Nama</th></tr></table><div id="d"></div><div id="d"></div>
      <input aria-labelledby="nope"></main><main></main></body></html>"""
    found = " | ".join(problems(bad))
    for needle in ('name="q"', 'name="s"', 'id="t"', "missing id: nope", 'lang="None"', "viewport",
                   "2 <main>", "<nav>", "2 <h1>", "x.png", "table #1", 'id="d" used 2'):
        assert needle in found
    good = """<!doctype html><html lang="id"><head><meta name="viewport" content="width=device-width">
      </head><body><nav aria-label="Utama"></nav><main><h1>A</h1>
      <label for="q">Cari</label><input type="text" id="q"><label>Pilih <select name="s"></select></label>
      <textarea aria-label="Catatan"></textarea><input type="hidden" name="csrf"><input type="submit">
      <span id="l">Jenis</span><input type="radio" aria-labelledby="l"><img src="x.png" alt="">
      <table><tr><th scope="col">Nama</th></tr></table>
      <div class="table-responsive"><table><tr><td>1</td></tr></table></div></main></body></html>"""
    assert problems(good) == []


# --- contrast (WCAG 2.x relative luminance) ---

def _channel(c: float) -> float:
    c /= 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(colour: str) -> tuple[int, int, int]:
    h = colour.lstrip("#")
    return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))


def _over(fg_rgba: tuple[int, int, int, float], bg: str) -> str:
    """A translucent colour flattened onto its background (alpha compositing)."""
    *rgb, alpha = fg_rgba
    mixed = (round(alpha * f + (1 - alpha) * b) for f, b in zip(rgb, _rgb(bg), strict=True))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def contrast(fg: str, bg: str) -> float:
    lum = sorted((sum(w * _channel(c) for w, c in zip((0.2126, 0.7152, 0.0722), _rgb(x), strict=True))
                  for x in (fg, bg)), reverse=True)
    return (lum[0] + 0.05) / (lum[1] + 0.05)


def test_contrast_formula():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the textbook near-miss
    assert _over((255, 255, 255, 0.5), "#000000") == "#808080"


APP_CSS = Path(settings.BASE_DIR) / "static" / "css" / "app.css"
BRAND, WHITE, LIGHT = "#0b3d91", "#ffffff", "#f8f9fa"  # LIGHT: Bootstrap's .bg-light (the footer)


def _css_colour(selector: str, prop: str = "color") -> str:
    """The colour one rule of app.css gives (hex or rgba), so the test follows the stylesheet."""
    rule = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", APP_CSS.read_text())
    assert rule, f"{selector} not in app.css"
    value = re.search(rf"(?:^|;|\s){prop}\s*:\s*([^;]+)", rule.group(1)).group(1).strip()
    if m := re.fullmatch(r"rgba\((\d+),\s*(\d+),\s*(\d+),\s*([\d.]+)\)", value):
        return _over((int(m[1]), int(m[2]), int(m[3]), float(m[4])), BRAND)
    return value


def test_brand_colours_meet_wcag_aa():
    pairs = {
        "brand text on white (.text-brand)": (_css_colour(".text-brand"), WHITE),
        "white on brand (.btn-brand, navbar brand)": (WHITE, _css_colour(".bg-brand", "background-color")),
        "white on brand hover": (WHITE, _css_colour(".btn-brand:hover, .btn-brand:focus", "background-color")),
        "nav links on brand": (_css_colour(".navbar-dark .nav-link"), BRAND),
        "white on the hero's light end": (WHITE, "#1565c0"),
        "footer links on .bg-light": (_css_colour("footer a, footer .btn-link"), LIGHT),
        "footer text on .bg-light (.text-body-secondary, #212529 at .75)": (_over((33, 37, 41, 0.75), LIGHT), LIGHT),
    }
    low = {what: round(contrast(fg, bg), 2) for what, (fg, bg) in pairs.items() if contrast(fg, bg) < 4.5}
    assert low == {}


def test_footer_uses_the_contrasting_text_class():
    """Bootstrap's .text-secondary (#6c757d) is only 4.45:1 on .bg-light: the footer must not use it."""
    base = (Path(settings.BASE_DIR) / "templates" / "base.html").read_text()
    footer = base[base.index("<footer"):base.index("</footer>")]
    assert "text-secondary" not in footer and "text-body-secondary" in footer
    assert contrast("#6c757d", LIGHT) < 4.5  # why: the reason the class was changed


def _assert_accessible(client, demo, persona: str, url: str, must_show: str) -> None:
    _login(client, demo, persona)
    html = client.get(url).content.decode()
    assert must_show in html, "the state did not render the form under test"
    assert problems(html) == [], f"{persona} GET {url}"


@pytest.mark.parametrize("status", ["dicatat", "diperingatkan", "pencabutan_diusulkan"])
def test_violation_page_in_each_state(client, demo, status):
    """The demo's violation is closed (revoked); the staff and director forms of the open states are
    rendered here, some of them side by side (propose and close share a form class)."""
    from decisions.models import Certificate, Violation

    violation = demo.violation("pemegang2")
    Violation.objects.filter(pk=violation.pk).update(status=status)
    Certificate.objects.filter(pk=violation.certificate_id).update(status=Certificate.Status.BERLAKU)
    url = _url("decisions:violation_detail", demo)
    proposed = status == "pencabutan_diusulkan"
    persona, form = ("direktur", "violation_decide") if proposed else ("staf", "violation_close")
    _assert_accessible(client, demo, persona, url, reverse(f"decisions:{form}", args=[violation.pk]))


@pytest.mark.parametrize("status", ["berlaku", "dibekukan"])
def test_certificate_staff_forms_are_labelled_apart(client, demo, status):
    """A valid certificate shows suspend + reissue (both have a reason); a suspended one awaiting its
    return shows reinstate + returned (both have a note): each input keeps its own id and label."""
    from django.utils import timezone

    from decisions.models import Certificate

    certificate = demo.certificate("asesi_g")
    Certificate.objects.filter(pk=certificate.pk).update(
        status=status, return_requested_at=timezone.now(), returned_at=None)
    url = _url("decisions:certificate_detail", demo)
    action = "certificate_suspend" if status == "berlaku" else "certificate_returned"
    _assert_accessible(client, demo, "staf", url, reverse(f"decisions:{action}", args=[certificate.pk]))


def test_open_meeting_with_several_vote_forms(client, demo):
    """The demo's meeting is closed; an open one with two candidates shows a member two vote forms
    and staff the candidate controls: every radio button and label keeps its own id."""
    from decisions import services
    from decisions.tests.factories import make_ready_assessment

    staff, members = demo.user("staf"), [demo.user(f"teknis{n}") for n in (1, 2, 3)]
    scheme = demo.application("pemohon1").scheme
    meeting = services.create_meeting(by=staff, date=demo.meeting().date, place="Ruang Rapat 2", members=members)
    for _ in range(2):
        services.add_candidate(meeting=meeting, assessment=make_ready_assessment(scheme=scheme), by=staff)
    _assert_accessible(client, demo, "teknis1", meeting.get_absolute_url(), "Simpan keputusan")
    _assert_accessible(client, demo, "staf", meeting.get_absolute_url(), "Tutup rapat")


@pytest.mark.parametrize("step", ["data-pribadi", "pekerjaan", "skema", "dokumen", "apl-02", "pernyataan"])
def test_draft_application_steps(client, demo, step):
    """pemohon3's draft: every step of the form, including the document step with one upload form per
    document (each with its own ids) and APL-02 with its evidence upload."""
    application = demo.application("pemohon3", status="draft")
    url = reverse("registration:step", args=[application.pk, step])
    _assert_accessible(client, demo, "pemohon3", url, "Simpan" if step != "dokumen" else "Unggah")


def test_returned_application_status_page(client, demo):
    """pemohon2's returned application: a replacement upload per flagged document and the payment
    proof upload on one page."""
    application = demo.application("pemohon2", status="returned")
    _assert_accessible(client, demo, "pemohon2", reverse("registration:detail", args=[application.pk]),
                       "Unggah pengganti")
