"""Question bank import from .xlsx (staff): read a workbook into rows, each checked on its own, so
the preview shows every problem by row number before anything is saved.

Columns (first sheet, header on row 1): Kode unit | KUK | Pertanyaan | A | B | C | D | E | Kunci
(KUK like "1.2", optional; options A–B required, C–E optional; Kunci a letter of a filled option).
A row with no option at all is an essay (FR.IA.06) and its Kunci holds the model answer."""

import io
from dataclasses import dataclass, field

from django.core import signing
from django.db import transaction

from assessment.models import AnswerJudgement, Question
from exams.models import LETTERS, AttemptQuestion
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


# --- one question added or edited in a form (staff) ------------------------------------------------------

MAX_OPTIONS = len(LETTERS)  # A–F
MIN_OPTIONS = 2
CHOICE_KINDS = (Question.Kind.PILIHAN_GANDA, Question.Kind.TERTULIS)


@dataclass(frozen=True)
class QuestionInput:
    """What the form gives the service: the options as typed (A first, empty ones included) and the
    letters marked as the key, so the rules below see exactly what the person entered."""

    unit: CompetencyUnit
    criterion: PerformanceCriterion | None
    kind: str
    text: str
    options: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()
    model_answer: str = ""

    @property
    def filled(self) -> list[str]:
        return [o for o in self.options if o]

    @property
    def correct(self) -> int | None:
        return LETTERS.index(self.keys[0]) if self.kind == Question.Kind.PILIHAN_GANDA and self.keys else None

    @property
    def answer_key(self) -> str:
        if self.kind == Question.Kind.TERTULIS:
            return self.model_answer
        return f"{self.keys[0]}. {self.options[self.correct]}"


def question_problems(data: QuestionInput) -> list[tuple[str | None, str]]:
    """The bank's rules for one question, as (form field or None, Indonesian message): a multiple-
    choice question (FR.IA.05) has 2–6 different options in order and exactly one key among them;
    an essay (FR.IA.06) has a model answer for the assessor and no options."""
    problems: list[tuple[str | None, str]] = []
    if any("\x00" in value for value in (data.text, data.model_answer, *data.options)):
        problems.append((None, "Isian mengandung karakter yang tidak sah (NUL); hapus karakter itu lalu simpan lagi."))
    if not data.text.strip():
        problems.append(("text", "Tuliskan pertanyaannya."))
    if data.criterion is not None and data.criterion.element.unit_id != data.unit.pk:
        problems.append(("criterion", f"KUK {data.criterion.number} bukan bagian dari unit {data.unit.code}."))
    if data.kind == Question.Kind.TERTULIS:
        if data.filled:
            problems.append((None, "Soal esai tidak memakai pilihan jawaban: kosongkan pilihan A–F atau pilih jenis "
                                   "pilihan ganda."))
        if not data.model_answer.strip():
            problems.append(("model_answer", "Soal esai wajib disertai jawaban model sebagai acuan asesor."))
        return problems
    if data.kind != Question.Kind.PILIHAN_GANDA:
        return problems + [("kind", "Pilih jenis soal: pilihan ganda atau esai.")]
    options = list(data.options)
    while options and not options[-1]:
        options.pop()
    gaps = [LETTERS[i] for i, option in enumerate(options) if not option]
    if len(data.filled) < MIN_OPTIONS:
        problems.append(("options", f"Isi minimal {MIN_OPTIONS} pilihan jawaban (A dan B)."))
    elif gaps:
        problems.append(("options", f"Pilihan {', '.join(gaps)} kosong di antara pilihan yang terisi; isi atau "
                                    f"geser pilihan agar berurutan."))
    seen: dict[str, str] = {}
    for letter, option in zip(LETTERS, options, strict=False):
        normal = " ".join(option.split()).casefold()
        if normal and normal in seen:
            problems.append(("options", f"Pilihan {seen[normal]} dan {letter} sama; setiap pilihan harus berbeda."))
        seen.setdefault(normal, letter)
    if not data.keys:
        problems.append(("keys", "Tandai satu pilihan sebagai kunci jawaban."))
    elif len(data.keys) > 1:
        problems.append(("keys", f"Kunci jawaban hanya satu; yang ditandai: {', '.join(data.keys)}."))
    elif data.keys[0] not in LETTERS[:len(options)] or not options[LETTERS.index(data.keys[0])]:
        problems.append(("keys", f"Kunci {data.keys[0]} menunjuk pilihan yang kosong."))
    return problems


def duplicate_exists(data: QuestionInput, *, excluding: int | None = None) -> bool:
    return Question.objects.filter(unit=data.unit, text=data.text.strip(), is_active=True).exclude(
        pk=excluding).exists()


def times_used(question: Question) -> int:
    """How often the question was put before a candidate: drawn in a CBT attempt, or judged as a
    written question in an assessment."""
    return (AttemptQuestion.objects.filter(question=question).count()
            + AnswerJudgement.objects.filter(question=question).count())
