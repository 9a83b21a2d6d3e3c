"""Paperwork exchanged with BNSP after an SK is approved: the blanko request package going out (the
K/BK list in BNSP's column order, the BA, the SK and a cover letter, as one ZIP) and the
registration numbers coming back (a returned .xlsx list or one number at a time)."""

import io
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from decisions.models import Certificate, DecisionLetter
from decisions.permissions import is_staff
from skema_lsp import audit

# The order of BNSP's list of competency-test participants (one row per candidate).
KBK_COLUMNS = [
    "NIK", "Nama", "Tempat Lahir", "Tanggal Lahir", "Jenis Kelamin", "Alamat", "Pendidikan Terakhir", "Pekerjaan",
    "Skema Sertifikasi", "Unit Kompetensi", "Nama Asesor", "No. Reg. MET Asesor", "TUK", "Tanggal Uji",
    "Rekomendasi (K/BK)",
]
# The returned list: the certificate number and the registration number BNSP gave it.
RETURN_COLUMNS = ("Nomor Sertifikat", "Nomor Registrasi BNSP")
REVISION_REASON = "nomor registrasi BNSP dicatat"


class BnspError(Exception):
    """A refused action or unreadable file; the message is shown to the user as is (Indonesian)."""


def _require(predicate: bool, message: str) -> None:
    if not predicate:
        raise BnspError(message)


# --- the blanko request package ------------------------------------------------------------------


def kbk_rows(letter: DecisionLetter) -> list[list]:
    """One row per decided candidate of the SK, in KBK_COLUMNS order. Personal data comes from the
    APL-01 as submitted; units from the certificate's snapshot when one was issued."""
    from decisions.services import letter_decisions

    rows = []
    decisions = letter_decisions(letter).select_related("assessment__plan__tuk").prefetch_related(
        "certificates", "assessment__application__scheme__units")
    for decision in decisions:
        application, assessment = decision.application, decision.assessment
        plan = getattr(assessment, "plan", None)
        certificate = next(iter(decision.certificates.all()), None)
        units = certificate.units if certificate else [{"code": u.code} for u in application.scheme.units.all()]
        assessor = assessment.assessor
        rows.append([
            application.nik or application.applicant.nik, application.full_name or application.applicant.display_name,
            application.birth_place, application.birth_date, application.get_sex_display(), application.address,
            application.last_education, ", ".join(p for p in (application.position, application.institution) if p),
            application.scheme.name, "; ".join(u["code"] for u in units),
            assessor.display_name if assessor else "", assessor.met_number if assessor else "",
            plan.tuk.name if plan else "", plan.date if plan else None, decision.result,
        ])
    return rows


def kbk_workbook(letter: DecisionLetter) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "Daftar K-BK"
    sheet.append(KBK_COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in kbk_rows(letter):
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2, min_col=1, max_col=1):
        row[0].number_format = "@"  # a NIK is text: sixteen digits must not turn into 1.6E+15
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.column_letter in {"D", "N"} and cell.value:
                cell.number_format = "DD-MM-YYYY"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cover_letter_pdf(letter: DecisionLetter) -> bytes:
    from decisions.services import letter_decisions
    from skema_lsp.pdf import render_pdf

    decisions = list(letter_decisions(letter))
    return render_pdf("decisions/pdf/blanko_request.html", {
        "lsp_name": settings.LSP_NAME, "letter": letter, "meeting": letter.meeting, "city": settings.LSP_CITY,
        "today": timezone.localdate(), "licence_number": settings.LSP_LICENCE_NUMBER,
        "kompeten": sum(1 for d in decisions if d.is_kompeten), "total": len(decisions),
        "signatory": letter.approved_by, "signatory_title": _title(letter.approved_by),
    })


def _title(user: User | None) -> str:
    from decisions.documents import signatory_line

    title = (user.position if user else "") or settings.CERTIFICATE_SIGNATORY_TITLE
    return signatory_line(title)


def package_name(letter: DecisionLetter) -> str:
    return "paket-blanko-" + "".join(c if c.isalnum() else "-" for c in letter.number).strip("-") + ".zip"


def blanko_package(*, letter: DecisionLetter, by: User) -> bytes:
    """The ZIP sent to BNSP to request blanko for an approved SK; staff only, every download audited."""
    _require(is_staff(by), "Hanya staf LSP yang dapat mengunduh paket permohonan blanko.")
    _require(letter.status == DecisionLetter.Status.DISETUJUI and letter.pdf,
             "Paket blanko tersedia setelah SK disetujui Direktur.")
    meeting = letter.meeting
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("daftar-k-bk.xlsx", kbk_workbook(letter))
        with letter.pdf.open("rb") as handle:
            archive.writestr("surat-keputusan.pdf", handle.read())
        if meeting.ba_pdf:
            with meeting.ba_pdf.open("rb") as handle:
                archive.writestr("berita-acara.pdf", handle.read())
        archive.writestr("surat-permohonan-blanko.pdf", cover_letter_pdf(letter))
    audit.record(obj=letter, action="decisions.letter.blanko_downloaded", by=by, number=letter.number)
    return buffer.getvalue()


# --- registration numbers coming back ------------------------------------------------------------


def record_bnsp_number(*, certificate: Certificate, number: str, by: User) -> Certificate:
    """Record the registration number BNSP gave a certificate; it then shows on the certificate's
    PDF (a new current file; the earlier one kept as a revision), the holders register and verification."""
    _require(is_staff(by), "Hanya staf LSP yang dapat mencatat nomor registrasi BNSP.")
    number = " ".join(number.split())
    _require(bool(number), "Nomor registrasi BNSP wajib diisi.")
    _require(len(number) <= 80, "Nomor registrasi BNSP terlalu panjang (maksimal 80 karakter).")
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.bnsp_number == number:
            return locked
        taken = Certificate.objects.filter(bnsp_number=number).exclude(pk=locked.pk).first()
        _require(taken is None, f"Nomor registrasi {number} sudah tercatat pada sertifikat "
                                f"{taken.number if taken else ''}.")
        previous = locked.bnsp_number
        locked.bnsp_number, locked.bnsp_recorded_at = number, timezone.now()
        audit.record(obj=locked, action="decisions.certificate.bnsp_number_recorded", by=by,
                     from_state=previous, to_state=number)
        from decisions.services import enqueue_certificate_pdf, keep_pdf_revision

        # The printed PDF must carry the number. The issued file is kept unchanged as a revision and
        # a new one, rendered from the same snapshot plus the number, becomes the current PDF.
        keep_pdf_revision(locked, reason=REVISION_REASON, by=by)
        locked.pdf, locked.pdf_rendered_at = "", None
        locked.save(update_fields=["bnsp_number", "bnsp_recorded_at", "pdf", "pdf_rendered_at"])

        transaction.on_commit(lambda: enqueue_certificate_pdf(locked.pk), robust=True)
    certificate.bnsp_number = locked.bnsp_number
    return locked


@dataclass
class ImportResult:
    recorded: list[str]
    errors: list[str]


def import_bnsp_numbers(*, upload, by: User) -> ImportResult:
    """Read BNSP's returned list (.xlsx, columns RETURN_COLUMNS in the first row) and record each
    number. Rows are checked whole first: a file with any bad row records nothing, and each
    error names its row."""
    _require(is_staff(by), "Hanya staf LSP yang dapat mencatat nomor registrasi BNSP.")
    rows = _read_return_list(upload)
    errors, pairs, seen = [], [], set()
    by_number = Certificate.objects.in_bulk([n for _, n, _ in rows], field_name="number")
    for line, cert_number, bnsp_number in rows:
        certificate = by_number.get(cert_number)
        if not cert_number or not bnsp_number:
            errors.append(f"Baris {line}: nomor sertifikat dan nomor registrasi wajib diisi.")
        elif certificate is None:
            errors.append(f"Baris {line}: sertifikat {cert_number} tidak ditemukan.")
        elif bnsp_number in seen:
            errors.append(f"Baris {line}: nomor registrasi {bnsp_number} muncul dua kali dalam berkas.")
        else:
            seen.add(bnsp_number)
            pairs.append((certificate, bnsp_number))
    if errors:
        return ImportResult(recorded=[], errors=errors)
    try:
        with transaction.atomic():
            for certificate, bnsp_number in pairs:
                record_bnsp_number(certificate=certificate, number=bnsp_number, by=by)
    except BnspError as error:
        return ImportResult(recorded=[], errors=[str(error)])
    return ImportResult(recorded=[c.number for c, _ in pairs], errors=[])


def _read_return_list(upload) -> list[tuple[int, str, str]]:
    from openpyxl import load_workbook

    _require(upload.size <= settings.UPLOAD_MAX_BYTES, "Berkas terlalu besar.")
    head = upload.read(4)
    upload.seek(0)
    _require(head == b"PK\x03\x04", "Berkas harus berupa .xlsx (lembar kerja Excel).")
    try:
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
        upload.seek(0)
    except zipfile.BadZipFile:
        raise BnspError("Berkas .xlsx tidak dapat dibaca.") from None
    _require(unpacked <= 20 * settings.UPLOAD_MAX_BYTES, "Isi berkas .xlsx terlalu besar setelah diekstrak.")
    try:
        sheet = load_workbook(upload, read_only=True, data_only=True).active
        rows = list(sheet.iter_rows(values_only=True, max_row=5001))
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile):  # what a damaged .xlsx raises
        raise BnspError("Berkas .xlsx tidak dapat dibaca.") from None
    _require(bool(rows), "Berkas kosong.")
    header = [str(c or "").strip().lower() for c in rows[0]]
    wanted = [c.lower() for c in RETURN_COLUMNS]
    _require(all(c in header for c in wanted), f"Baris pertama harus memuat kolom: {', '.join(RETURN_COLUMNS)}.")
    _require(len(rows) <= 5000, "Paling banyak 5.000 baris per berkas.")
    cert_col, bnsp_col = header.index(wanted[0]), header.index(wanted[1])
    parsed = []
    for line, row in enumerate(rows[1:], start=2):
        values = [str(v).strip() if v is not None else "" for v in row] + ["", ""]
        if not any(values):
            continue
        parsed.append((line, values[cert_col] if cert_col < len(values) else "",
                       " ".join((values[bnsp_col] if bnsp_col < len(values) else "").split())))
    _require(bool(parsed), "Berkas tidak memuat baris data.")
    return parsed
