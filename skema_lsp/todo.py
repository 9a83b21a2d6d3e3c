""""What needs my action now" at the top of the dashboard. Each stage app's `todo.py` has
`actions(user) -> list[Action]`; an action counts the rows of one query and lists the first few,
each linking to the page where that action is done (one click), so the count and the list come from
the same query and always agree."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

SHOWN = 8  # items listed under each action; the rest are behind the "semua" link


@dataclass
class Action:
    label: str
    count: int
    items: list[tuple[str, str]] = field(default_factory=list)  # (text, url of the action page)
    more_url: str = ""

    @property
    def hidden(self) -> int:
        return self.count - len(self.items)


def action(
    label: str, queryset: QuerySet, item: Callable[[object], tuple[str, str]], more_url: str = ""
) -> Action | None:
    """An Action from a query: one COUNT and one slice of SHOWN rows (two queries, whatever the
    number of rows). None when there is nothing to do, so the panel lists only real work."""
    count = queryset.count()
    if not count:
        return None
    return Action(label, count, [item(row) for row in queryset[:SHOWN]], more_url)


def collect(parts: Iterable[Action | None]) -> list[Action]:
    return [part for part in parts if part is not None]
