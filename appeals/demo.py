"""Demo appeals (contract 2): one open within its deadline (panel formed, one opinion in), one overdue
(still waiting for a panel, flagged on the staff dashboard) and one decided (rejected, with its letter).

The open appeal builds on the decisions demo: asesi_h's BK decision from the technical-team meeting
(so its deciders, teknis2 and teknis3, and its assessor are the people a panel must exclude). The
overdue and decided cases need decisions weeks old, so each gets its own minimal rows: an accepted
application, a submitted assessment by asesor1 and a BK decision recorded by teknis1.
Idempotent: the open case by the decision's one appeal, the others by a marker in the decision's notes."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from appeals import services
from appeals.models import Appeal
from assessment.models import Assessment
from decisions.models import Decision
from decisions.services import finalise_assessment
from registration.models import Application
from schemes.models import Scheme
from skema_lsp import audit

NEEDED = ["staf", "asesor1", "teknis1", "banding1", "banding2", "banding3", "pemohon2", "pemohon3"]
REASONS = {
    "open": "Portofolio dokumen rencana kegiatan yang saya unggah tidak dinilai; asesor hanya memakai "
            "observasi. Saya mohon bukti portofolio dipertimbangkan.",
    "overdue": "Jadwal uji dipindah mendadak sehingga saya tidak sempat menyiapkan dokumen pendukung.",
    "decided": "Saya tidak diberi kesempatan menjawab pertanyaan lisan tambahan pada unit kedua.",
}


def seed(users) -> None:
    scheme = Scheme.objects.filter(is_active=True).order_by("pk").first()
    if scheme is None or any(name not in users for name in NEEDED):
        return
    now = timezone.now()
    _open_case(users, scheme, now)
    _overdue_case(users, scheme, now)
    _decided_case(users, scheme, now)


def _at(moment: datetime, days_ago: int, hour: int) -> datetime:
    day = timezone.localtime(moment).date() - timedelta(days=days_ago)
    return datetime.combine(day, time(hour), tzinfo=timezone.get_default_timezone())


def _open_case(users, scheme, now) -> None:
    decision = _meeting_decision()
    if decision is not None:
        if Appeal.objects.filter(decision=decision).exists():
            return
        filed_at = min(now, decision.decided_at + timedelta(hours=2))
    else:
        decision = _decision(users, scheme, users["pemohon3"], "open", _at(now, 1, 9))
        if decision is None:
            return
        filed_at = _at(now, 1, 15)
    appeal = _file(decision, "open", filed_at)
    appeal = services.form_panel(appeal=appeal, members=_panel(users), by=users["staf"])
    services.cast_vote(appeal=appeal, by=users["banding1"], result=Appeal.Outcome.UPHELD,
                       reasons="Bukti portofolio pada berkas tidak tercatat dalam rekaman asesmen.")


def _overdue_case(users, scheme, now) -> None:
    decision = _decision(users, scheme, users["pemohon2"], "overdue", _at(now, 40, 10))
    if decision is not None:
        _file(decision, "overdue", _at(now, 40, 16))


def _decided_case(users, scheme, now) -> None:
    decision = _decision(users, scheme, users["pemohon2"], "decided", _at(now, 25, 10))
    if decision is None:
        return
    appeal = services.form_panel(appeal=_file(decision, "decided", _at(now, 24, 9)), members=_panel(users),
                                 by=users["staf"])
    for name in ("banding2", "banding3"):
        services.cast_vote(appeal=appeal, by=users[name], result=Appeal.Outcome.REJECTED,
                           reasons="Rekaman asesmen menunjukkan pertanyaan lisan tambahan telah diberikan.")


def _meeting_decision() -> Decision | None:
    """asesi_h's BK decision from the decisions demo, when that stage seeded it."""
    return (
        Decision.objects.filter(assessment__application__applicant__username="asesi_h", result=Decision.Result.BK,
                                corrects__isnull=True)
        .select_related("assessment__application__scheme", "assessment__application__applicant")
        .order_by("-decided_at").first()
    )


def _panel(users) -> list:
    return [users["banding1"], users["banding2"], users["banding3"]]


def _decision(users, scheme, applicant, case: str, decided_at: datetime) -> Decision | None:
    """The case's decision, or None when an earlier seed already made it (idempotence)."""
    marker = f"[demo-banding:{case}]"
    if Decision.objects.filter(notes__contains=marker).exists():
        return None
    application = Application.objects.create(
        applicant=applicant, scheme=scheme, status=Application.Status.ACCEPTED, full_name=applicant.display_name,
        nik=applicant.nik, birth_place=applicant.birth_place, birth_date=applicant.birth_date, sex=applicant.sex,
        email=applicant.email or "", submitted_at=decided_at - timedelta(days=30),
        decided_at=decided_at - timedelta(days=25),
    )
    assessment = Assessment.objects.create(
        application=application, round=1, assessor=users["asesor1"], status=Assessment.Status.SUBMITTED,
        recommendation="BK", assigned_by=users["staf"], assigned_at=decided_at - timedelta(days=20),
        submitted_at=decided_at - timedelta(days=3), follow_up="Lengkapi bukti unit kedua.",
    )
    decision = Decision.objects.create(
        assessment=assessment, result=Decision.Result.BK, decided_at=decided_at, recorded_by=users["teknis1"],
        notes=f"Belum kompeten pada unit kedua. {marker}",
    )
    audit.record(obj=decision, action="decisions.decision.made", by=users["teknis1"], to_state=decision.result,
                 demo=True)
    finalise_assessment(decision, by=users["teknis1"])
    return decision


def _file(decision: Decision, case: str, filed_at: datetime) -> Appeal:
    answers = services.FilingAnswers(process_explained=True, discussed_with_assessor=case != "overdue",
                                     involves_other_person=False, reasons=REASONS[case])
    appeal = services.create_appeal_record(decision=decision, answers=answers, filed_at=filed_at)
    audit.record(obj=appeal, action="appeals.appeal.filed", by=decision.candidate, to_state=appeal.status,
                 reference=appeal.reference, demo=True)
    return appeal
