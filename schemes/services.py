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

from schemes.models import TUK, CompetencyUnit, Element, PerformanceCriterion, Scheme, SchemeVersion
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


class SchemeVersionError(ValueError):
    """A refused new scheme version (message in Indonesian)."""


@transaction.atomic
def publish_scheme_version(*, scheme: Scheme, note: str, by, effective_on: date | None = None) -> SchemeVersion:
    """Put a new version of the scheme in force. Decisions and certificates made from now on carry
    its number; those already issued keep theirs and their own unit snapshot (nothing is re-rendered)."""
    note = note.strip()
    if not note:
        raise SchemeVersionError("Uraian perubahan versi skema wajib diisi.")
    locked = Scheme.objects.select_for_update().get(pk=scheme.pk)
    # A scheme loaded after the migration that recorded every scheme's version 1 gets that row now.
    SchemeVersion.objects.get_or_create(scheme=locked, number=locked.version,
                                        defaults={"effective_on": locked.approved_on, "note": "Versi awal skema."})
    version = SchemeVersion.objects.create(scheme=locked, number=locked.version + 1, note=note, created_by=by,
                                           effective_on=effective_on or timezone.localdate())
    previous, locked.version = locked.version, version.number
    locked.save(update_fields=["version"])
    audit.record(obj=locked, action="schemes.scheme.version_published", by=by, from_state=str(previous),
                 to_state=str(version.number), perubahan=note)
    scheme.version = locked.version
    return version


class TUKError(ValueError):
    """An illegal TUK verification move (message in Indonesian)."""


@transaction.atomic
def verify_tuk(*, tuk: TUK, by, on: date | None = None, reason: str = "Verifikasi awal TUK.") -> TUK:
    """Record that the LSP verified this TUK (9.3.2), with what was checked; only a verified TUK may
    host a test (assessment and exams refuse a schedule at an unverified one)."""
    reason = reason.strip()
    if not reason:
        raise TUKError("Alasan atau dasar verifikasi wajib diisi.")
    locked = TUK.objects.select_for_update().get(pk=tuk.pk)
    if locked.is_verified:
        raise TUKError(f"{locked} sudah terverifikasi.")
    locked.is_verified, locked.verified_on, locked.verified_by = True, on or timezone.localdate(), by
    locked.save(update_fields=["is_verified", "verified_on", "verified_by"])
    audit.record(obj=locked, action="schemes.tuk.verified", by=by, from_state="belum", to_state="terverifikasi",
                 reason=reason)
    return locked


@transaction.atomic
def revoke_tuk_verification(*, tuk: TUK, by, reason: str) -> TUK:
    """Withdraw the verification (e.g. the site no longer meets the requirements); history stays in the audit."""
    if not reason.strip():
        raise TUKError("Alasan pencabutan verifikasi wajib diisi.")
    locked = TUK.objects.select_for_update().get(pk=tuk.pk)
    if not locked.is_verified:
        raise TUKError(f"{locked} belum terverifikasi.")
    locked.is_verified, locked.verified_on, locked.verified_by = False, None, None
    locked.save(update_fields=["is_verified", "verified_on", "verified_by"])
    audit.record(obj=locked, action="schemes.tuk.verification_revoked", by=by, from_state="terverifikasi",
                 to_state="belum", reason=reason)
    return locked


TUK_FIELDS = ("name", "kind", "address", "contact")


def _tuk_values(values: dict) -> dict[str, str]:
    cleaned = {field: str(values.get(field) or "").strip() for field in TUK_FIELDS}
    if any("\x00" in value for value in cleaned.values()):
        raise TUKError("Isian mengandung karakter yang tidak sah (NUL); hapus karakter itu lalu simpan lagi.")
    if not cleaned["name"]:
        raise TUKError("Nama TUK wajib diisi.")
    if not cleaned["address"]:
        raise TUKError("Alamat TUK wajib diisi.")
    if cleaned["kind"] not in TUK.Kind.values:
        raise TUKError("Pilih jenis TUK: sewaktu, tempat kerja, atau mandiri.")
    return cleaned


def _tuk_shown(field: str, value: str) -> str:
    return str(TUK.Kind(value).label) if field == "kind" and value in TUK.Kind.values else value


@transaction.atomic
def create_tuk(*, by, values: dict) -> TUK:
    """A new TUK starts unverified: it may host a test only after verify_tuk, the separate action
    with its reason."""
    cleaned = _tuk_values(values)
    tuk = TUK.objects.create(**cleaned, is_verified=False)
    audit.record(obj=tuk, action="schemes.tuk.created", by=by, to_state="belum", **cleaned)
    return tuk


@transaction.atomic
def update_tuk(*, tuk: TUK, by, values: dict) -> TUK:
    """Name, kind, address and contact; the verification stays as it was (withdrawing it is its own
    action with a reason), and each changed field is audited with its old and new value."""
    cleaned = _tuk_values(values)
    locked = TUK.objects.select_for_update().get(pk=tuk.pk)
    fields = [field for field, value in cleaned.items() if getattr(locked, field) != value]
    if not fields:
        return locked
    changed = [{"field": field, "label": str(TUK._meta.get_field(field).verbose_name),
                "old": _tuk_shown(field, getattr(locked, field)), "new": _tuk_shown(field, cleaned[field])}
               for field in fields]
    for field in fields:
        setattr(locked, field, cleaned[field])
    locked.save(update_fields=fields)
    state = "terverifikasi" if locked.is_verified else "belum"
    audit.record(obj=locked, action="schemes.tuk.updated", by=by, from_state=state, to_state=state,
                 changed=changed)
    return locked


# --- staff import from .xlsx with a preview ----------------------------------------------------

MAX_IMPORT_ROWS = 2000


def read_kuk_xlsx(upload, *, max_bytes: int) -> list[dict[str, str]]:
    """Rows of a KUK workbook (first sheet; header row with KUK_COLUMNS, any order) as dicts with a
    `line` key. Checked by content (an .xlsx is a ZIP) and size, packed and unpacked."""
    import zipfile

    from openpyxl import load_workbook

    if upload.size > max_bytes:
        raise KukImportError("Berkas terlalu besar.")
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        raise KukImportError("Berkas harus berupa .xlsx (lembar kerja Excel).")
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
        upload.seek(0)
        if unpacked > 20 * max_bytes:
            raise KukImportError("Isi berkas .xlsx terlalu besar setelah diekstrak.")
        sheet = load_workbook(upload, read_only=True, data_only=True).active
        table = list(sheet.iter_rows(values_only=True, max_row=MAX_IMPORT_ROWS + 2))
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile) as exc:
        if isinstance(exc, KukImportError):
            raise
        raise KukImportError("Berkas .xlsx tidak dapat dibaca.") from None
    if not table:
        raise KukImportError("Berkas kosong.")
    header = [str(c or "").strip().lower() for c in table[0]]
    missing = [c for c in KUK_COLUMNS if c not in header]
    if missing:
        raise KukImportError(f"Kolom wajib tidak ada di baris pertama: {', '.join(missing)}.")
    if len(table) > MAX_IMPORT_ROWS + 1:
        raise KukImportError(f"Paling banyak {MAX_IMPORT_ROWS} baris per berkas.")
    rows = []
    for line, values in enumerate(table[1:], start=2):
        cells = {name: _cell(values, header.index(name)) for name in KUK_COLUMNS}
        if any(cells.values()):
            rows.append({"line": str(line), **cells})
    if not rows:
        raise KukImportError("Berkas tidak memuat baris data.")
    return rows


def _cell(values, index: int) -> str:
    value = values[index] if index < len(values) else None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) if value is not None else ""


def row_errors(*, scheme: Scheme, rows: list[dict[str, str]]) -> list[str]:
    """Every problem of every row, each naming its line, so staff fix the file in one go."""
    codes = set(scheme.units.values_list("code", flat=True))
    errors = []
    for row in rows:
        line = row.get("line", "?")
        if row["unit_code"] not in codes:
            errors.append(f"Baris {line}: kode unit {row['unit_code'] or '(kosong)'} bukan unit skema ini.")
        if not row["element"] or not row["kuk"]:
            errors.append(f"Baris {line}: teks elemen dan KUK wajib diisi.")
        for column in ("element_no", "kuk_no"):
            try:
                _order(row[column], line=int(line) if line.isdigit() else 0, column=column)
            except KukImportError as exc:
                errors.append(str(exc))
        if len(row["element"]) > 300 or len(row["kuk"]) > 400:
            errors.append(f"Baris {line}: teks elemen (maks. 300) atau KUK (maks. 400 karakter) terlalu panjang.")
    return errors


def preview_kuk_import(*, scheme: Scheme, rows: list[dict[str, str]]) -> ImportResult:
    """What importing would create and update, computed by importing and rolling back."""
    with transaction.atomic():
        result = import_elements(rows=rows, scheme=scheme)
        transaction.set_rollback(True)
    return result


def import_kuk_rows(*, scheme: Scheme, rows: list[dict[str, str]], by) -> ImportResult:
    """Staff import (after the preview): all rows or none; elements so imported are official text, no
    longer marked as examples."""
    errors = row_errors(scheme=scheme, rows=rows)
    if errors:
        raise KukImportError(errors[0])
    with transaction.atomic():
        result = import_elements(rows=rows, scheme=scheme)
        audit.record(obj=scheme, action="schemes.scheme.kuk_imported", by=by, rows=len(rows),
                     elements_created=result.elements_created, criteria_created=result.criteria_created,
                     elements_updated=result.elements_updated, criteria_updated=result.criteria_updated)
    return result
