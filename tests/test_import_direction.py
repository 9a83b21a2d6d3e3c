"""A stage uses the stages before it, never one after it: registration knows nothing of assessment,
assessment nothing of decisions, and so on. Checked on every import (function-local ones too), on
`{% url %}` names in templates and on URL names in code ("appeals:my_appeals"). A later stage that
wants a place on an earlier stage's page contributes it through skema_lsp.stages (see
appeals/links.py), as dashboards and reminders do.

A new app is one line in RANK: `complaints` after appeals, `exams` after assessment."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# Lower comes first. Apps of equal rank are siblings and do not use each other either.
RANK = {
    "accounts": 0,
    "schemes": 1,
    "registration": 2,
    "assessment": 3,
    "exams": 3.5,
    "decisions": 4,
    "surveillance": 5,
    "appeals": 5,
    "complaints": 6,
}
URL_IN_TEMPLATE = re.compile(r"""\{%\s*url(?:_id)?\s+['"](\w+):""")
URL_NAME = re.compile(r"^(\w+):[\w-]+$")


def _python_files(app: str):
    yield from (p for p in sorted((ROOT / app).rglob("*.py")) if "migrations" not in p.parts)


def imported_apps(source: str) -> list[tuple[int, str]]:
    """(line, app) of every absolute import, wherever it stands in the module."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name.split(".")[0]) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module.split(".")[0]))
    return found


def url_names(source: str) -> list[tuple[int, str]]:
    """(line, app) of every string in code that is a URL name ("app:name"), as reverse() and redirect() take."""
    return [(node.lineno, match.group(1)) for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and (match := URL_NAME.match(node.value))]


def _later(app: str, used: str) -> bool:
    return used in RANK and used != app and RANK[used] >= RANK[app]


def violations() -> list[str]:
    found = []
    for app in RANK:
        for path in _python_files(app):
            source = path.read_text()
            where = path.relative_to(ROOT)
            found += [f"{where}:{line} imports {used}" for line, used in imported_apps(source) if _later(app, used)]
            found += [f"{where}:{line} names a URL of {used}" for line, used in url_names(source) if _later(app, used)]
        for path in sorted((ROOT / app).rglob("*.html")):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                found += [f"{path.relative_to(ROOT)}:{number} links to {used}"
                          for used in URL_IN_TEMPLATE.findall(line) if _later(app, used)]
    return found


def test_the_readers_see_local_imports_and_url_names():
    source = ('def f():\n    from appeals.models import Appeal\n    import decisions.views\n'
              '    reverse("appeals:my_appeals")\n')
    assert imported_apps(source) == [(2, "appeals"), (3, "decisions")]
    assert url_names(source) == [(4, "appeals")]
    assert URL_IN_TEMPLATE.findall("""<a href="{% url 'appeals:my_appeals' %}">""") == ["appeals"]
    assert _later("decisions", "appeals") and _later("appeals", "surveillance") and not _later("appeals", "decisions")


def test_every_stage_app_is_ranked():
    assert set(RANK) >= {"accounts", "schemes", "registration", "assessment", "decisions", "surveillance", "appeals"}


def test_no_stage_uses_a_later_one():
    assert violations() == []
