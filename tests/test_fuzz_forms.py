"""No input gives a 500. On the demo data and PostgreSQL (which refuses a NUL byte in any string),
every route of the URL conf is sent malformed values by each persona who may use it: NUL bytes,
huge strings, wrong types, forged or missing formset management data, bad files, and values drawn
by Hypothesis. The field names are the ones the site's own forms send to that route (collected from
the pages the personas open), so the values reach the views' forms and services, not only their
403/404/405 answers. Each request is rolled back: every value meets the demo as seeded."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.objects import OBJECT_ROUTES
from tests.test_permission_matrix import MATRIX, PERSONAS, PUBLIC_KWARGS
from tests.urlwalk import all_routes

pytestmark = pytest.mark.django_db

ROUTES = {r.name: r for r in all_routes()}
NOT_FUZZED = {
    "logout": "takes no input and ends the session the rest of the test needs",
    "set_language": "Django's own view; it only sets a cookie",
}
# The demo users of the permission matrix (its two outsiders only ever get 403/404).
DEMO_PERSONAS = [p for p in PERSONAS if p not in ("pemohon_lain", "asesor2")]
# Routes that answer a file or JSON, never a form: sent only a few values, and not crawled.
FILE_ROUTES = {
    "registration:evidence_file", "registration:apl01_pdf", "registration:apl02_pdf", "assessment:evidence_file",
    "assessment:record_pdf", "assessment:report_pdf", "decisions:meeting_ba_pdf", "decisions:sk_pdf",
    "decisions:certificate_download", "decisions:violation_evidence", "surveillance:file", "surveillance:report",
    "surveillance:holders_export", "appeals:attachment", "appeals:letter", "complaints:attachment",
    "decisions:competence_document", "verification_json", "healthz", "data_export_download", "breach_notice_pdf",
}
# Who else opens object pages, so their action forms (staff and signatory buttons) are found.
CRAWLERS = ("staf", "direktur")
STEPS = ("data-pribadi", "pekerjaan", "skema", "dokumen", "apl-02", "pernyataan")


@dataclass(frozen=True)
class Target:
    """A route, at one object, for one persona."""

    id: str
    route: str
    persona: str
    kwargs: object = None  # Demo -> dict

    def url(self, demo) -> str:
        if self.kwargs is not None:
            return reverse(self.route, kwargs=self.kwargs(demo))
        if self.route in OBJECT_ROUTES:
            return ROUTES[self.route].url(**OBJECT_ROUTES[self.route][1](demo))
        if self.route in PUBLIC_KWARGS:
            return reverse(self.route, kwargs=PUBLIC_KWARGS[self.route](demo))
        return ROUTES[self.route].url()


def _personas(name: str) -> list[str]:
    if name in OBJECT_ROUTES:
        return [OBJECT_ROUTES[name][0]]
    statuses = dict(zip(PERSONAS, MATRIX[name], strict=True))
    return [p for p in DEMO_PERSONAS if statuses[p] == 200] or ["pemohon1"]  # POST-only actions


def _draft(demo):
    return demo.application("pemohon3", "draft")


def _open_entry(demo):
    from decisions.models import MeetingCandidate

    return MeetingCandidate.objects.filter(meeting__status="terbuka").get()


def _unused_question(kind: str):
    """A bank question no candidate has met yet: its edit page shows the form (a drawn one does not).
    The demo's essays have all been judged; the create page sends the same form's essay fields."""
    from assessment.models import AnswerJudgement, Question

    judged = AnswerJudgement.objects.values("question")
    return Question.objects.filter(kind=kind, attempt_items__isnull=True, is_active=True).exclude(
        pk__in=judged).order_by("pk").first()


TARGETS = [Target(f"{name}@{persona}", name, persona) for name in sorted(ROUTES) if name not in NOT_FUZZED
           for persona in _personas(name)]
# The demo's own objects are mostly past these forms (pemohon1's application is accepted, the
# meeting closed): a draft and an open meeting put them in front of the fuzzer too.
TARGETS += [Target(f"registration:step[{step}]@pemohon3", "registration:step", "pemohon3",
                   lambda d, step=step: {"pk": _draft(d).pk, "step": step}) for step in STEPS]
TARGETS += [
    Target("registration:upload[draft]@pemohon3", "registration:upload", "pemohon3", lambda d: {"pk": _draft(d).pk}),
    Target("registration:payment_proof[submitted]@pemohon3", "registration:payment_proof", "pemohon3",
           lambda d: {"pk": d.application("pemohon3", "submitted").pk}),
    Target("registration:review[submitted]@staf", "registration:review", "staf",
           lambda d: {"pk": d.application("pemohon3", "submitted").pk}),
    Target("decisions:meeting_vote[open]@teknis1", "decisions:meeting_vote", "teknis1",
           lambda d: {"pk": _open_entry(d).meeting_id, "entry_pk": _open_entry(d).pk}),
    Target("exams:question_edit[unused choice]@staf", "exams:question_edit", "staf",
           lambda d: {"pk": _unused_question("pilihan_ganda").pk}),
    Target("decisions:meeting_detail[open]@teknis1", "decisions:meeting_detail", "teknis1",
           lambda d: {"pk": _open_entry(d).meeting_id}),
]


class PageForms(HTMLParser):
    """Every <form> of a page: method, action and the names of its inputs (file inputs apart)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (attrs.get("method") or "get").lower(), "action": attrs.get("action") or "",
                               "id": attrs.get("id"), "fields": set(), "files": set()})
        elif tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            owner = self._owner(attrs.get("form"))
            if owner is not None and attrs["name"] != "csrfmiddlewaretoken":
                (owner["files"] if attrs.get("type") == "file" else owner["fields"]).add(attrs["name"])

    def _owner(self, form_id):
        if form_id:
            return next((f for f in self.forms if f["id"] == form_id), None)
        return self.forms[-1] if self.forms else None


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The fuzzer sends many requests from one address: the rate limits it fills (sign-up,
    verification, resend) live in the cache and must not outlast each test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _route_of(action: str) -> str | None:
    try:
        return resolve(urlsplit(action).path).view_name
    except Resolver404:
        return None


def _login(client, demo, persona: str) -> None:
    client.logout()
    if persona != "anonim":
        client.force_login(demo.user(persona))


def _open_meeting(demo) -> None:
    """A meeting still taking votes, with the candidate the demo keeps ready (asesi_i)."""
    from decisions import services
    from decisions.queries import candidates_available

    staff = demo.user("staf")
    members = [demo.user(n) for n in ("teknis1", "teknis2", "teknis3")]
    meeting = services.create_meeting(by=staff, date=date(2026, 12, 1), place="Ruang rapat 2", members=members)
    services.add_candidate(meeting=meeting, assessment=candidates_available().first(), by=staff)


@pytest.fixture(scope="module")
def site_forms(demo, django_db_blocker):
    """route name → the methods, field names and file fields the site's forms send to it."""
    found: dict[str, dict] = defaultdict(lambda: {"methods": set(), "fields": set(), "files": set()})
    client = Client()
    with django_db_blocker.unblock():
        _open_meeting(demo)
        pages = {(t.url(demo), t.persona) for t in TARGETS if t.route not in FILE_ROUTES}
        pages |= {(t.url(demo), who) for t in TARGETS
                  if t.route in OBJECT_ROUTES and t.route not in FILE_ROUTES for who in CRAWLERS}
        for url, persona in sorted(pages):
            _login(client, demo, persona)
            response = client.get(url)
            if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
                continue
            parser = PageForms()
            parser.feed(response.content.decode())
            for form in parser.forms:
                route = _route_of(form["action"] or url)
                if route:
                    found[route]["methods"].add(form["method"])
                    found[route]["fields"] |= form["fields"]
                    found[route]["files"] |= form["files"]
    return dict(found)


# --- malformed values ------------------------------------------------------------------------------

MANAGEMENT = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")
SCALARS = {
    "nul": "\x00",
    "nul-inside": "1\x00abc",
    "huge": "x" * 60_000,
    "huge-number": "9" * 400,
    "bigint": "99999999999999999999",
    "negative": "-1",
    "not-a-number": "abc",
    "float": "1e309",
    "impossible-date": "2026-02-31",
}
# Fields no form names, sent to routes whose forms the crawl did not meet.
COMMON_FIELDS = {"q", "note", "reason", "notes", "result", "scheme", "page", "aksi"}


def _variants(fields: set[str], files: set[str]) -> dict[str, dict]:
    variants = {label: dict.fromkeys(fields, value) for label, value in SCALARS.items()}
    variants["lists"] = {f: ["1", "abc", "\x00"] for f in fields}
    total = sorted(f for f in fields if f.endswith("-TOTAL_FORMS"))
    if total:
        base = dict.fromkeys(fields, "1")
        for count in ("-5", "0", "1001", "99999999"):
            variants[f"total-forms={count}"] = base | dict.fromkeys(total, count)
        variants["no-management-form"] = {f: v for f, v in base.items() if not f.endswith(MANAGEMENT)}
    for name in sorted(files):
        variants[f"{name}=text-as-pdf"] = {name: SimpleUploadedFile("catatan.pdf", b"bukan pdf", "application/pdf")}
        variants[f"{name}=empty"] = {name: SimpleUploadedFile("kosong.png", b"", "image/png")}
        variants[f"{name}=nul-in-name"] = {name: SimpleUploadedFile("a\x00.pdf", b"%PDF-1.4", "application/pdf")}
    return variants


TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=200)
VALUE = st.one_of(TEXT, st.integers().map(str), st.lists(TEXT, max_size=3), st.sampled_from(list(SCALARS.values())))


def _send(client, method: str, url: str, data: dict):
    with transaction.atomic():
        response = client.post(url, data) if method == "post" else client.get(url, data)
        transaction.set_rollback(True)
    return response


def _check(client, method: str, url: str, data: dict, what: str) -> None:
    response = _send(client, method, url, data)
    assert response.status_code < 500, f"{what} → {response.status_code}"


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.id)
def test_malformed_values_never_give_a_server_error(client, demo, site_forms, target):
    url = target.url(demo)
    form = site_forms.get(target.route)
    _login(client, demo, target.persona)
    if form is None:
        # No form sends anything here: a few values are enough to show nothing is read unchecked.
        for label in ("nul", "huge", "lists"):
            _check(client, "post", url, _variants(COMMON_FIELDS, set())[label], f"{target.id} POST {url} [{label}]")
        return
    for method in sorted(form["methods"] | {"post"}):
        for label, data in _variants(form["fields"] or COMMON_FIELDS, form["files"]).items():
            _check(client, method, url, data, f"{target.id} {method.upper()} {url} [{label}]")
        if form["fields"]:
            _drawn_values(client, method, url, sorted(form["fields"]), target.id)


def _drawn_values(client, method: str, url: str, fields: list[str], what: str) -> None:
    @settings(max_examples=8, deadline=None, database=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow])
    @given(st.dictionaries(st.sampled_from(fields), VALUE, max_size=len(fields)))
    def drawn(data):
        _check(client, method, url, data, f"{what} {method.upper()} {url} {data!r:.300}")

    drawn()
