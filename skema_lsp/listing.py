"""Staff lists: sort by a column chosen in the URL (`?urut=kolom` or `?urut=-kolom`, kept with the
filters) and export the filtered, sorted list as CSV or XLSX (`?ekspor=csv|xlsx`) for handing on.

A view declares its sortable columns once: {key: (label, (order_by fields...))}."""

import csv
from collections.abc import Callable, Iterable
from datetime import date, datetime
from io import BytesIO

from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

SORT_PARAM = "urut"
EXPORT_PARAM = "ekspor"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Columns = dict[str, tuple[str, tuple[str, ...]]]


def sort(queryset: QuerySet, request, columns: Columns, default: str) -> tuple[QuerySet, str]:
    """The queryset ordered by the requested column (an unknown one falls back to `default`), with
    the primary key last so pages never shuffle; returns the sort actually applied."""
    wanted = request.GET.get(SORT_PARAM, default)
    if wanted.lstrip("-") not in columns:
        wanted = default
    descending = wanted.startswith("-")
    fields = []
    for field in columns[wanted.lstrip("-")][1]:
        flip = field.startswith("-") != descending
        fields.append(("-" if flip else "") + field.lstrip("-"))
    return queryset.order_by(*fields, "-pk" if descending else "pk"), wanted


def headers(request, columns: Columns, current: str) -> list[dict]:
    """One entry per sortable column for templates/_sort_header.html: its link (the other direction
    when it is the current column; filters kept, page reset) and its aria-sort state."""
    result = []
    for key, (label, _) in columns.items():
        state = ""
        if current.lstrip("-") == key:
            state = "descending" if current.startswith("-") else "ascending"
        query = request.GET.copy()
        query.pop("page", None)
        query[SORT_PARAM] = key if state == "descending" else f"-{key}" if state == "ascending" else key
        result.append({"key": key, "label": label, "url": "?" + query.urlencode(), "state": state})
    return result


def export_format(request) -> str:
    fmt = request.GET.get(EXPORT_PARAM, "")
    return fmt if fmt in ("csv", "xlsx") else ""


def export(fmt: str, *, name: str, header: list[str], rows: Iterable, values: Callable[[object], list]) -> HttpResponse:
    """The rows as a CSV (streamed) or XLSX download named `name`-YYYYMMDD."""
    filename = f"{name}-{timezone.localdate():%Y%m%d}.{fmt}"
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def lines():
            yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
            yield writer.writerow(header)
            for row in rows:
                yield writer.writerow([_text(v) for v in values(row)])

        response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(name[:31])
        sheet.append(header)
        for row in rows:
            sheet.append([_cell(v) for v in values(row)])
        buffer = BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class _Echo:
    def write(self, value):
        return value


def _text(value) -> str:
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    text = "" if value is None else str(value)
    # A cell starting with = + - @ would run as a formula in a spreadsheet (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _cell(value):
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, (date, int)):
        return value
    return _text(value)
