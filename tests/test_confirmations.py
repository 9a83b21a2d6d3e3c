"""Irreversible actions ask for confirmation without inline script: their form (or its submit
button) carries data-confirm, which static/js/confirm.js turns into a <dialog>. The browser side is
tested in decisions/tests/test_browser.py."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Forms by the URL they post to; "self:<template>" for a form that posts to its own page.
IRREVERSIBLE = {
    "decisions:meeting_close", "decisions:meeting_remove_candidate", "decisions:meeting_vote",
    "decisions:sk_approve", "decisions:sk_return", "decisions:certificate_suspend", "decisions:certificate_reissue",
    "decisions:violation_suspend", "decisions:violation_propose", "decisions:violation_decide",
    "decisions:violation_close", "assessment:cancel", "assessment:reopen", "self:assessment/submit.html",
    "self:registration/review.html", "self:registration/step_declaration.html", "registration:payment_decide",
    "surveillance:recertification_decide", "surveillance:review", "appeals:remedy", "appeals:vote",
    "decisions:certificate_lapsed_decide", "surveillance:open_for_holder", "complaints:close", "complaints:violation",
}
FORM = re.compile(r"<form\b(?P<tag>[^>]*)>(?P<body>.*?)</form>", re.S)
ACTION = re.compile(r"""action="\{% url '(?P<name>[^']+)'""")


def _templates():
    for path in sorted(ROOT.glob("*/templates/**/*.html")) + sorted((ROOT / "templates").rglob("*.html")):
        if ".venv" not in path.parts:
            yield path


def forms_by_target() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in _templates():
        parts = path.relative_to(ROOT).parts
        relative = "/".join(parts[parts.index("templates") + 1:])
        for match in FORM.finditer(path.read_text()):
            action = ACTION.search(match["tag"])
            if 'method="dialog"' in match["tag"]:
                continue
            target = action["name"] if action else f"self:{relative}"
            found.setdefault(target, []).append(match.group(0))
    return found


def test_every_irreversible_form_asks_first():
    forms = forms_by_target()
    assert IRREVERSIBLE - set(forms) == set(), "forms named here no longer exist"
    missing = sorted(target for target in IRREVERSIBLE for form in forms[target] if "data-confirm=" not in form)
    assert missing == []


def test_the_dialog_and_its_script_are_on_every_page():
    base = (ROOT / "templates" / "base.html").read_text()
    assert '<dialog id="konfirmasi"' in base and "js/confirm.js" in base
    script = (ROOT / "static" / "js" / "confirm.js").read_text()
    assert "showModal" in script and "data-confirm" in script
