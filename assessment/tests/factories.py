"""Assessment test data: an accepted application (on the shared 2 units × 2 elements × 2 KUK scheme),
assessors with MET numbers, and a helper that walks an assessment to a given step through services."""

from datetime import date, time

from accounts.roles import Role
from accounts.tests.factories import make_user
from assessment import services
from assessment.models import Assessment, Method, Question
from registration.models import Application
from schemes.models import TUK, PerformanceCriterion, Scheme
from schemes.tests.factories import make_scheme

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]




def make_tuk(*, verified: bool = True) -> TUK:
    return TUK.objects.create(name=f"TUK {_next()}", address="Jl. Merdeka 1, Jakarta", is_verified=verified)


def make_assessor(**fields):
    fields.setdefault("met_number", f"MET.000.{_next():05d}.2026")
    return make_user(Role.ASESOR, **fields)


def make_staff(**fields):
    return make_user(Role.STAF, **fields)


def make_application(*, scheme: Scheme | None = None, applicant=None) -> Application:
    applicant = applicant or make_user(Role.PEMOHON)
    scheme = scheme or make_scheme()
    return Application.objects.create(applicant=applicant, scheme=scheme, status=Application.Status.ACCEPTED,
                                      full_name=applicant.display_name, email=applicant.email or "")


def make_question(unit, *, kind=Question.Kind.TERTULIS, text="Sebutkan tahapan penyusunan rencana kegiatan.",
                  answer_key="Identifikasi, analisis, perumusan, penetapan."):
    return Question.objects.create(unit=unit, kind=kind, text=text, answer_key=answer_key)


STEPS = ["proposed", "assigned", "plan_proposed", "plan_agreed", "testing", "submitted"]


def walk(application: Application, *, assessor, staff, to: str = "testing", tuk: TUK | None = None) -> Assessment:
    """Take the application through the services up to status `to` (the happy path)."""
    target = STEPS.index(to)
    assessment = services.assign_assessor(application=application, assessor=assessor, by=staff)
    if target >= 1:
        assessment = services.declare_conflict(assessment=assessment, by=assessor, has_conflict=False)
    if target >= 2:
        services.propose_plan(assessment=assessment, by=assessor,
                              criterion_methods=services.every_criterion(application.scheme_id,
                                                                         [Method.OBSERVASI, Method.LISAN]),
                              evidence_to_collect="Dokumen rencana kegiatan", day=date(2026, 12, 7), at=time(9),
                              tuk=tuk or make_tuk())
    if target >= 3:
        services.accept_plan(assessment=assessment, by=application.applicant, plan_accepted=True,
                             confidentiality_accepted=True)
    if target >= 4:
        services.record_pre_assessment(assessment=assessment, by=assessor, can_continue=True,
                                       reasons="Bukti APL-02 memadai.")
    if target >= 4:
        check_identity(assessment, assessor)
    if target >= 5:
        record_all(assessment, assessor)
        services.submit_assessment(assessment=assessment, by=assessor, recommendation="K")
    assessment.refresh_from_db()
    return assessment


def record_all(assessment: Assessment, assessor, *, vatm=(True, True, True, True), skip: int | None = None) -> None:
    """One piece of evidence per KUK of the scheme (optionally skipping one KUK by pk)."""
    criteria = PerformanceCriterion.objects.filter(element__unit__scheme=assessment.application.scheme)
    for criterion in criteria:
        if criterion.pk == skip:
            continue
        services.add_evidence(assessment=assessment, by=assessor, criterion=criterion, method=Method.OBSERVASI,
                              notes="Diamati langsung.", valid=vatm[0], authentic=vatm[1], current=vatm[2],
                              sufficient=vatm[3])


def check_identity(assessment: Assessment, assessor) -> None:
    services.record_identity_check(assessment=assessment, by=assessor, document="ktp",
                                   document_number="3273015405900002", matches_application=True)
