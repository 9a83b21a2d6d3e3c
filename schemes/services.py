"""Scheme catalogue verbs: importing elements and KUK (the seed does not list them; they come from
SKKNI Kepmenaker 11/2019 and are entered by staff)."""

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from schemes.models import TUK, CompetencyUnit, Element, PerformanceCriterion, Scheme
from skema_lsp import audit

KUK_COLUMNS = ("unit_code", "element_no", "element", "kuk_no", "kuk")


class KukImportError(ValueError):
    """A CSV that cannot be imported; the message names the line and the problem (Indonesian)."""


@dataclass
class ImportResult:
    elements_created: int = 0
    elements_updated: int = 0
    criteria_created: int = 0
    criteria_updated: int = 0


def read_kuk_csv(path: Path | str) -> list[dict[str, str]]:
    """Rows of a KUK CSV as dicts; `utf-8-sig` so a file saved by Excel (with BOM) reads the same."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in KUK_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise KukImportError(f"Kolom wajib tidak ada: {', '.join(missing)}.")
        return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]


def _order(value: str, *, line: int, column: str) -> int:
    # "2.3" means KUK 3 of element 2: the last number is the order within its parent.
    match = re.fullmatch(r"(?:\d+\.)*(\d+)", value)
    if not match or int(match.group(1)) == 0:
        raise KukImportError(f"Baris {line}: {column} harus berupa nomor seperti 1 atau 1.2, bukan {value!r}.")
    return int(match.group(1))


def _units(scheme: Scheme | None, codes: set[str]) -> dict[str, CompetencyUnit]:
    units = CompetencyUnit.objects.filter(code__in=codes)
    if scheme is not None:
        units = units.filter(scheme=scheme)
    found: dict[str, CompetencyUnit] = {}
    for unit in units:
        if unit.code in found:
            raise KukImportError(f"Kode unit {unit.code} ada di lebih dari satu skema; sebutkan skemanya.")
        found[unit.code] = unit
    unknown = sorted(codes - found.keys())
    if unknown:
        raise KukImportError(f"Kode unit tidak dikenal: {', '.join(unknown)}.")
    return found


@transaction.atomic
def import_elements(
    *, rows: Iterable[dict[str, str]], scheme: Scheme | None = None, is_example: bool = False
) -> ImportResult:
    """Create or update elements and KUK by (unit, element number, KUK number); all rows or none."""
    rows = list(rows)
    units = _units(scheme, {row.get("unit_code", "") for row in rows})
    result = ImportResult()
    elements: dict[tuple[int, int], Element] = {}
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        if not row.get("element") or not row.get("kuk"):
            raise KukImportError(f"Baris {line}: teks elemen dan KUK wajib diisi.")
        unit = units[row["unit_code"]]
        element_no = _order(row["element_no"], line=line, column="element_no")
        key = (unit.pk, element_no)
        if key not in elements:
            element, created = Element.objects.update_or_create(
                unit=unit, order=element_no, defaults={"title": row["element"], "is_example": is_example}
            )
            elements[key] = element
            result.elements_created += created
            result.elements_updated += not created
        _, created = PerformanceCriterion.objects.update_or_create(
            element=elements[key],
            order=_order(row["kuk_no"], line=line, column="kuk_no"),
            defaults={"text": row["kuk"]},
        )
        result.criteria_created += created
        result.criteria_updated += not created
    return result


class TUKError(ValueError):
    """An illegal TUK verification move (message in Indonesian)."""


@transaction.atomic
def verify_tuk(*, tuk: TUK, by, on: date | None = None) -> TUK:
    """Record that the LSP verified this TUK (9.3.2); only a verified TUK may host a test."""
    locked = TUK.objects.select_for_update().get(pk=tuk.pk)
    if locked.is_verified:
        raise TUKError(f"{locked} sudah terverifikasi.")
    locked.is_verified, locked.verified_on, locked.verified_by = True, on or timezone.localdate(), by
    locked.save(update_fields=["is_verified", "verified_on", "verified_by"])
    audit.record(obj=locked, action="schemes.tuk.verified", by=by, from_state="belum", to_state="terverifikasi")
    return locked


@transaction.atomic
def revoke_tuk_verification(*, tuk: TUK, by, reason: str) -> TUK:
    """Withdraw the verification (e.g. the site no longer meets the requirements); history stays in the audit."""
    locked = TUK.objects.select_for_update().get(pk=tuk.pk)
    if not locked.is_verified:
        raise TUKError(f"{locked} belum terverifikasi.")
    locked.is_verified, locked.verified_on, locked.verified_by = False, None, None
    locked.save(update_fields=["is_verified", "verified_on", "verified_by"])
    audit.record(obj=locked, action="schemes.tuk.verification_revoked", by=by, from_state="terverifikasi",
                 to_state="belum",
                 alasan=reason)
    return locked
