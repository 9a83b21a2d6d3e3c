"""What exams holds about a candidate (UU PDP export): their own CBT attempts (FR.IA.05 multiple
choice, FR.IA.06 essays): when each started and ended, and for every question drawn its number, its
kind, the letter they chose or the essay they wrote and when. The question bank stays out (a
question's text and options, the answer key, the model answer), and so does what the candidate's
pages never show them: whether an answer was right, the score and the assessor's review notes."""

from exams.models import Attempt

ATTEMPT_FIELDS = ("started_at", "deadline", "finished_at")


def _attempts(user):
    return Attempt.objects.filter(assessment__application__applicant=user)


def export(user) -> dict:
    rows = []
    for attempt in _attempts(user).select_related("assessment").prefetch_related("items__question").order_by("pk"):
        row = {"asesmen": attempt.assessment.reference, "status": attempt.get_status_display(),
               "cara_selesai": attempt.get_ending_display() if attempt.ending else ""}
        row |= {name: getattr(attempt, name) for name in ATTEMPT_FIELDS}
        row["jawaban"] = [_answer(item) for item in attempt.items.all()]
        rows.append(row)
    return {"ujian_cbt": rows}


def _answer(item) -> dict:
    if item.is_essay:
        return {"nomor": item.order, "jenis": "Esai (FR.IA.06)", "jawaban_esai": item.essay_answer,
                "dijawab": item.answered_at}
    return {"nomor": item.order, "jenis": "Pilihan ganda (FR.IA.05)",
            "pilihan": item.chosen_letter if item.chosen is not None else None, "dijawab": item.answered_at}


def audited(user) -> list:
    return [_attempts(user)]
