"""The stage apps, in lifecycle order. The dashboard and seed_demo ask each for its part through
optional modules: `<app>/todo.py` with `actions(user) -> list[skema_lsp.todo.Action]`,
`<app>/charts.py` with `charts(user) -> list[skema_lsp.charts.Chart]`, `<app>/dashboard.py` with
`panels(user) -> list[tuple[template, context]]`, `<app>/demo.py` with
`seed(users: dict[str, User]) -> None`, and `<app>/links.py` with
`decision_links(decision) -> list[tuple[label, url]]` for what a later stage offers beside a
decision on decisions' pages (an earlier stage never imports a later one)."""

from importlib import import_module
from types import ModuleType

STAGE_APPS = [
    "accounts", "schemes", "registration", "assessment", "exams", "decisions", "surveillance", "appeals", "complaints",
]


def stage_modules(name: str) -> list[ModuleType]:
    modules = []
    for app in STAGE_APPS:
        try:
            modules.append(import_module(f"{app}.{name}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.{name}":
                raise
    return modules


def decision_links(decision) -> list[tuple[str, str]]:
    """The (label, url) pairs later stages contribute beside a decision."""
    return [link for module in stage_modules("links") for link in module.decision_links(decision)]
