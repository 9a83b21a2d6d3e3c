"""Pages speak Indonesian: every action name the code records has a label in the one table
(skema_lsp/audit_labels.py), and no page of the permission matrix shows a raw action code or an
English leftover (a widget's "- Select an option -", a Python None)."""

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from skema_lsp import audit
from skema_lsp.audit_labels import ACTION_LABELS
from skema_lsp.models import AuditEntry
from tests.test_accessibility import HTML_ROUTES, VOID, _login, _pages
from tests.test_permission_matrix import _url

ROOT = Path(settings.BASE_DIR)
SKIPPED_PARTS = {".venv", "tests", "migrations", "node_modules", "staticfiles", "scripts"}


def _python_sources():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIPPED_PARTS & set(path.relative_to(ROOT).parts):
            yield path


def recorded_actions() -> dict[str, str]:
    """Action name → where it is written, found by reading the code: every string literal given as
    `action=` (argparse's add_argument aside), and the values of the *ACTIONS tables (verb → action
    name) a service looks its action up in."""
    found: dict[str, str] = {}
    for path in _python_sources():
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") != "add_argument":
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        for const in ast.walk(keyword.value):
                            if isinstance(const, ast.Constant) and isinstance(const.value, str):
                                found.setdefault(const.value, f"{path.relative_to(ROOT)}:{node.lineno}")
            targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
                node, ast.AnnAssign) else []
            if any(isinstance(t, ast.Name) and t.id.endswith("ACTIONS") for t in targets) and isinstance(
                    node.value, ast.Dict):
                for value in node.value.values:
                    if isinstance(value, ast.Constant) and isinstance(value.value, str):
                        found.setdefault(value.value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_the_scan_finds_literal_and_table_actions():
    found = recorded_actions()
    assert "assessment.evidence.added" in found  # audit.record(action="...")
    assert "decisions.violation.revocation_rejected" in found  # action="a" if approve else "b"
    assert "registration.application.returned" in found  # ACTIONS value, recorded as action=ACTIONS[move]
    assert "registration.payment.confirmed" in found and "surveillance.recertification.overridden" in found
    assert "store_true" not in found


# The first part names the app that records the action; seed_demo's invented history is "demo".
ACTION_APPS = {"accounts", "schemes", "registration", "assessment", "exams", "decisions", "surveillance", "appeals",
               "complaints", "skema_lsp", "demo"}
ACTION_NAME = re.compile(r"[a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*\.[a-z]+(?:_[a-z]+)*")


def test_every_action_name_is_app_model_verb():
    names = set(recorded_actions()) | set(ACTION_LABELS)
    wrong = sorted(n for n in names if not ACTION_NAME.fullmatch(n) or n.split(".")[0] not in ACTION_APPS)
    assert wrong == [], "name actions app.model.verb, e.g. assessment.plan.accepted"


def test_every_recorded_action_has_a_label():
    missing = {name: where for name, where in recorded_actions().items() if name not in ACTION_LABELS}
    assert missing == {}, "add these to skema_lsp/audit_labels.py"


def test_no_label_for_an_action_nobody_records():
    assert sorted(set(ACTION_LABELS) - set(recorded_actions())) == []


@pytest.mark.django_db
def test_every_audit_row_of_the_demo_has_a_label(demo):
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert len(actions) > 20
    assert sorted(actions - set(ACTION_LABELS)) == []


@pytest.mark.django_db
def test_state_label_reads_the_models_choices(demo):
    from decisions.models import Certificate

    certificate = demo.certificate("pemegang1")  # suspended
    entry = audit.timeline(certificate).filter(action="decisions.certificate.suspended").get()
    assert audit.label(entry.action) == "Sertifikat dibekukan"
    assert audit.state_label(entry) == "Dibekukan"
    stranger = AuditEntry(action="x", to_state="bukan-status",
                          content_type=ContentType.objects.get_for_model(Certificate))
    assert audit.state_label(stranger) == ""


class VisibleText(HTMLParser):
    """The text a reader sees: no script or style, nothing marked lang="en" (the language switch)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._stack: list[bool] = []  # per open element: does it hide its text?

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        hidden = tag in ("script", "style") or (dict(attrs).get("lang") or "").startswith("en")
        self._stack.append(hidden or bool(self._stack and self._stack[-1]))

    def handle_endtag(self, tag):
        if tag not in VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if not (self._stack and self._stack[-1]):
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def raw_codes(html: str) -> list[str]:
    text = visible_text(html)
    return sorted({name for name in ACTION_LABELS if re.search(rf"(?<![\w.]){re.escape(name)}(?![\w.])", text)})


# English a reader could meet on an Indonesian page: Django and widget defaults, Python values.
ENGLISH = ["Select an option", "This field", "Submit", "Save", "Cancel", "Delete", "Search", "Currently", "Clear",
           "Change", "None", "True", "False", "Unknown", "Previous", "Next", "Log out", "Password", "Username",
           "required", "Yes", "No"]


def english(html: str) -> list[str]:
    text = visible_text(html)
    # "No." is Indonesian too (nomor): a word followed by a full stop is not counted.
    return sorted({word for word in ENGLISH if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w.-])", text)})


def test_raw_code_and_english_finders():
    assert raw_codes("<p>10 Des 2026 · assessment.evidence.added</p><p>decisions.meeting.vote_cast</p>") == [
        "assessment.evidence.added", "decisions.meeting.vote_cast"]
    assert raw_codes('<button type="submit">Ajukan</button><p>Bukti uji kompetensi dicatat</p>') == []
    assert english("<select><option>- Select an option -</option></select><td>None</td>") == [
        "None", "Select an option"]
    assert english('<p>Tidak ada. No. MET; No</p><button lang="en">English</button>') == ["No"]
    assert english("<p>Nomor, Simpan, Batal</p><script>var x = true; Save()</script>") == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", HTML_ROUTES, ids=str)
def test_no_raw_code_or_english_on_any_page(client, demo, name):
    url = _url(name, demo)
    shown = {}
    for persona in _pages(name):
        _login(client, demo, persona)
        response = client.get(url)
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            html = response.content.decode()
            if found := raw_codes(html) + english(html):
                shown[persona] = found
    assert shown == {}, f"GET {url}"


@pytest.mark.django_db
@pytest.mark.parametrize("step", ["data-pribadi", "pekerjaan", "skema", "dokumen", "apl-02", "pernyataan"])
def test_no_english_on_the_draft_steps(client, demo, step):
    """pemohon3's draft (not a matrix page): the form's selects and widgets speak Indonesian too."""
    application = demo.application("pemohon3", status="draft")
    _login(client, demo, "pemohon3")
    html = client.get(reverse("registration:step", args=[application.pk, step])).content.decode()
    assert english(html) == []
    if step == "data-pribadi":
        assert "- Pilih salah satu -" in html  # Django 6.1's blank choice, translated in locale/id
