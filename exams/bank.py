"""Question bank import from .xlsx (staff): read a workbook into rows, each checked on its own, so
the preview shows every problem by row number before anything is saved.

Columns (first sheet, header on row 1): Kode unit | KUK | Pertanyaan | A | B | C | D | E | Kunci
(KUK like "1.2", optional; options A–B required, C–E optional; Kunci a letter of a filled option).
A row with no option at all is an essay (FR.IA.06) and its Kunci holds the model answer."""

import io
from dataclasses import dataclass, field

from django.core import signing
from django.db import transaction

from assessment.models import Question
from exams.models import LETTERS
from schemes.models import CompetencyUnit, PerformanceCriterion, Scheme
from skema_lsp import audit

HEADER = ["Kode unit", "KUK", "Pertanyaan", "A", "B", "C", "D", "E", "Kunci"]
MAX_ROWS = 500
SIGNING_SALT = "exams.bank.import"


@dataclass
class ParsedRow:
    number: int
    unit_code: str
    kuk: str
    text: str
    options: list[str]
    key: str
    errors: list[str] = field(default_factory=list)
    unit_id: int | None = None
    criterion_id: int | None = None
    model_answer: str = ""

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def is_essay(self) -> bool:
        return not self.options

    def payload(self) -> dict:
        if self.is_essay:
            return {"unit": self.unit_id, "criterion": self.criterion_id, "text": self.text,
                    "kind": Question.Kind.TERTULIS, "model_answer": self.model_answer}
        return {"unit": self.unit_id, "criterion": self.criterion_id, "text": self.text, "options": self.options,
                "correct": LETTERS.index(self.key)}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_workbook(content: bytes, *, scheme: Scheme) -> tuple[list[ParsedRow], list[str]]:
    """(rows, problems with the file as a whole)."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        return [], ["Lembar kerja tidak dapat dibaca. Simpan ulang sebagai .xlsx lalu unggah kembali."]
    sheet = workbook.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = [_cell(v).lower() for v in next(lines, ())][:len(HEADER)]
    if header != [h.lower() for h in HEADER]:
        return [], [f"Baris judul harus berisi kolom: {', '.join(HEADER)}."]
    units = {u.code: u for u in CompetencyUnit.objects.filter(scheme=scheme)}
    criteria = {(c.element.unit_id, c.number): c
                for c in PerformanceCriterion.objects.filter(element__unit__scheme=scheme).select_related("element")}
    existing = set(Question.objects.filter(unit__scheme=scheme).values_list("unit_id", "text"))
    rows: list[ParsedRow] = []
    seen: set = set()
    for number, values in enumerate(lines, start=2):
        cells = [_cell(v) for v in (list(values) + [None] * len(HEADER))[:len(HEADER)]]
        if not any(cells):
            continue
        if len(rows) >= MAX_ROWS:
            return rows, [f"Paling banyak {MAX_ROWS} soal per impor; bagi berkas menjadi beberapa bagian."]
        rows.append(_check_row(number, cells, units, criteria, existing, seen))
    if not rows:
        return [], ["Lembar kerja tidak berisi soal."]
    return rows, []


def _check_row(number, cells, units, criteria, existing, seen) -> ParsedRow:
    unit_code, kuk, text, *options, key = cells
    filled = [o for o in options]
    while filled and not filled[-1]:
        filled.pop()
    row = ParsedRow(number=number, unit_code=unit_code, kuk=kuk, text=text, options=filled, key=key.upper(),
                    model_answer=key if not filled else "")
    unit = units.get(unit_code)
    if unit is None:
        row.errors.append(f"Kode unit '{unit_code}' tidak ada pada skema ini." if unit_code else "Kode unit kosong.")
    else:
        row.unit_id = unit.pk
        if kuk:
            criterion = criteria.get((unit.pk, kuk))
            if criterion is None:
                row.errors.append(f"KUK '{kuk}' tidak ada pada unit {unit_code}.")
            else:
                row.criterion_id = criterion.pk
    if not text:
        row.errors.append("Pertanyaan kosong.")
    if row.is_essay:
        if not key:
            row.errors.append("Soal esai (tanpa pilihan): isi jawaban model pada kolom Kunci.")
    elif len(filled) < 2 or any(not o for o in filled):
        row.errors.append("Isi minimal pilihan A dan B, berurutan tanpa pilihan kosong di tengah.")
    elif row.key not in LETTERS[:len(filled)] or not row.key:
        row.errors.append(f"Kunci '{key}' bukan huruf salah satu pilihan yang terisi.")
    if unit is not None and text and ((unit.pk, text) in existing or (unit.pk, text) in seen):
        row.errors.append("Soal yang sama sudah ada di bank soal atau di baris lain.")
    if unit is not None:
        seen.add((unit.pk, text))
    return row


def sign(rows: list[ParsedRow], scheme: Scheme) -> str:
    return signing.dumps({"scheme": scheme.pk, "rows": [r.payload() for r in rows if r.is_valid]},
                         salt=SIGNING_SALT, compress=True)


def unsign(token: str, scheme: Scheme) -> list[dict] | None:
    try:
        data = signing.loads(token, salt=SIGNING_SALT, max_age=60 * 60)
    except signing.BadSignature:
        return None
    return data["rows"] if data.get("scheme") == scheme.pk else None


@transaction.atomic
def import_questions(*, scheme: Scheme, rows: list[dict], by) -> int:
    """Save the previewed rows as multiple-choice or essay questions (a row already in the bank is
    skipped)."""
    existing = set(Question.objects.filter(unit__scheme=scheme).values_list("unit_id", "text"))
    units = set(scheme.units.values_list("pk", flat=True))
    created = []
    for row in rows:
        if row["unit"] not in units or (row["unit"], row["text"]) in existing:
            continue
        existing.add((row["unit"], row["text"]))
        if row.get("kind") == Question.Kind.TERTULIS:
            created.append(Question(unit_id=row["unit"], criterion_id=row["criterion"], kind=Question.Kind.TERTULIS,
                                    order=len(created) + 1, text=row["text"], answer_key=row["model_answer"]))
            continue
        correct = row["correct"]
        created.append(Question(
            unit_id=row["unit"], criterion_id=row["criterion"], kind=Question.Kind.PILIHAN_GANDA,
            order=len(created) + 1, text=row["text"], options=row["options"], correct_option=correct,
            answer_key=f"{LETTERS[correct]}. {row['options'][correct]}",
        ))
    Question.objects.bulk_create(created)
    audit.record(obj=scheme, action="exams.question.imported", by=by, count=len(created))
    return len(created)
