"""Dashboard charts drawn on the server as SVG (templates/_chart.html), each with its numbers as a
table beside it.

Why hand-drawn SVG and not a library: the charts are plain bars (a funnel, counts per category,
counts per month); the Content Security Policy forbids inline script, and a server-side SVG needs
no JavaScript at all, prints, works without network and is read by screen readers through the
table. A bar chart is a few rectangles whose geometry is computed here; the template only places
them. Stage apps build `Chart`s in their `charts.py` (see skema_lsp/stages.py)."""

from dataclasses import dataclass, field

# Geometry of the SVG viewBox (scaled to the card's width by CSS).
WIDTH = 600
ROW_HEIGHT = 26
LABEL_WIDTH = 190
COLUMN_AREA_HEIGHT = 160
COLUMN_LABEL_HEIGHT = 34
COLUMN_PAD = 24  # room for the first and last month's label
LABEL_CHARS = 27  # longer category names are shortened in the picture (the table keeps them whole)


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True)
class Series:
    name: str
    values: list[int]
    css: str = "s1"  # colour class in static/css/app.css (.chart .s1, .s2, ...)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    value: int
    label: str
    text_x: float = 0
    text_y: float = 0


@dataclass
class Chart:
    """kind "bars": one horizontal row per category (several series stacked side by side in the row);
    kind "columns": one vertical column per category (a time line), first series only."""

    slug: str
    title: str
    categories: list[str]
    series: list[Series]
    kind: str = "bars"
    caption: str = ""
    unit: str = "jumlah"
    empty_text: str = "Belum ada data."
    links: list[tuple[str, str]] = field(default_factory=list)
    template: str = "_chart.html"

    @property
    def total(self) -> int:
        return sum(sum(s.values) for s in self.series)

    @property
    def peak(self) -> int:
        return max([v for s in self.series for v in s.values] or [0]) or 1

    @property
    def rows(self) -> list[tuple[str, list[int]]]:
        """The table: one row per category with each series' value."""
        return [(label, [s.values[i] for s in self.series]) for i, label in enumerate(self.categories)]

    @property
    def height(self) -> int:
        if self.kind == "columns":
            return COLUMN_AREA_HEIGHT + COLUMN_LABEL_HEIGHT
        return ROW_HEIGHT * len(self.categories) * max(1, len(self.series)) + 8

    @property
    def width(self) -> int:
        return WIDTH

    @property
    def bars(self) -> list[Bar]:
        return self._columns() if self.kind == "columns" else self._bars()

    @property
    def category_labels(self) -> list[tuple[str, float, float]]:
        """(text, x, y) of each category's label."""
        if self.kind == "columns":
            step = (WIDTH - 2 * COLUMN_PAD) / max(1, len(self.categories))
            every = max(1, len(self.categories) // 8)  # at most ~8 labels under 24 months
            return [(label, COLUMN_PAD + step * i + step / 2, COLUMN_AREA_HEIGHT + 16)
                    for i, label in enumerate(self.categories) if i % every == 0]
        per = ROW_HEIGHT * max(1, len(self.series))
        return [(_short(label), LABEL_WIDTH - 8, per * i + per / 2 + 4) for i, label in enumerate(self.categories)]

    def _bars(self) -> list[Bar]:
        room = WIDTH - LABEL_WIDTH - 50
        result = []
        for i in range(len(self.categories)):
            for j, s in enumerate(self.series):
                value = s.values[i]
                w = room * value / self.peak
                y = ROW_HEIGHT * (i * len(self.series) + j) + 4
                label = f"{self.categories[i]} · {s.name}: {value}"
                result.append(Bar(LABEL_WIDTH, y, max(w, 1 if value else 0), ROW_HEIGHT - 8, s.css, value,
                                  label, LABEL_WIDTH + w + 4, y + ROW_HEIGHT / 2 + 1))
        return result

    def _columns(self) -> list[Bar]:
        s = self.series[0]
        step = (WIDTH - 2 * COLUMN_PAD) / max(1, len(self.categories))
        result = []
        for i, value in enumerate(s.values):
            h = (COLUMN_AREA_HEIGHT - 18) * value / self.peak
            x = COLUMN_PAD + step * i + step * 0.15
            result.append(Bar(x, COLUMN_AREA_HEIGHT - h, step * 0.7, h, s.css, value,
                              f"{self.categories[i]}: {value}", x + step * 0.35, COLUMN_AREA_HEIGHT - h - 4))
        return result


@dataclass
class Timeline:
    """The applicant's own path as steps (registration.progress.Step) with the next one marked."""

    slug: str
    title: str
    steps: list
    next_step: object = None
    links: list[tuple[str, str]] = field(default_factory=list)
    template: str = "_timeline_chart.html"


MONTHS = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"]


def month_keys(today, count: int) -> list[tuple[int, int]]:
    """(year, month) of the `count` months ending with today's, oldest first."""
    year, month = today.year, today.month
    keys = []
    for _ in range(count):
        keys.append((year, month))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(keys))


def month_label(key: tuple[int, int]) -> str:
    return f"{MONTHS[key[1] - 1]} {key[0] % 100:02d}"


def cached_figure(name: str, today, compute):
    """A whole-table figure of the staff dashboard (certificates in force, surveillance overdue,
    certificates per month, ...): counted at most once per DASHBOARD_CACHE_SECONDS for every staff
    member instead of on each visit, since each reads a large part of 100k+ certificates. The lists
    the figures link to are always live. Without a working cache the figure is simply counted."""
    from django.conf import settings
    from django.core.cache import cache

    key = f"dashboard-figure:{name}:{today.isoformat()}"
    try:
        value = cache.get(key)
    except Exception:  # noqa: BLE001 - a cache that is down must not take the dashboard with it
        return compute()
    if value is None:
        value = compute()
        try:
            cache.set(key, value, settings.DASHBOARD_CACHE_SECONDS)
        except Exception:  # noqa: BLE001
            pass
    return value
