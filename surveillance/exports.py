"""Holders register exports (CSV and XLSX), streamed row by row from the same query as the page."""

import csv
from collections.abc import Iterable
from datetime import date
from io import BytesIO

from django.http import HttpResponse, StreamingHttpResponse

from surveillance.queries import RegisterRow

HEADERS = [
    "Nomor sertifikat", "Nama pemegang", "Skema", "Tanggal terbit", "Berlaku sampai", "Status",
    "Surveilan berikutnya", "Surveilan terlambat", "Hasil surveilan terakhir", "Digantikan oleh",
    "Nomor registrasi BNSP",
]


def row_values(row: RegisterRow) -> list:
    c = row.certificate
    successor = c.superseded_by.number if getattr(c, "superseded_by", None) else ""
    return [
        c.number, c.holder_name, c.scheme_name or c.scheme.name, c.issued_on, c.valid_until, row.status_label,
        row.next_due or "", "ya" if row.overdue else "tidak", row.last_result, successor, c.bnsp_number,
    ]


class _Echo:
    def write(self, value):
        return value


def csv_response(rows: Iterable[RegisterRow], today: date) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
        yield writer.writerow(HEADERS)
        for row in rows:
            yield writer.writerow([_text(v) for v in row_values(row)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pemegang-sertifikat-{today:%Y%m%d}.csv"'
    return response


def xlsx_response(rows: Iterable[RegisterRow], today: date) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Pemegang sertifikat")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append([_cell(v) for v in row_values(row)])
    buffer = BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="pemegang-sertifikat-{today:%Y%m%d}.xlsx"'
    return response


def _text(value) -> str:
    if isinstance(value, date):
        return value.strftime("%d-%m-%Y")
    text = str(value)
    # A leading =, +, - or @ would run as a formula in a spreadsheet (CSV injection).
    return "'" + text if text[:1] in {"=", "+", "-", "@"} else text


def _cell(value):
    return value if isinstance(value, date) else _text(value)
