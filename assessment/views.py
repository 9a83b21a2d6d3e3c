"""Thin views: resolve the object through queries.visible_to (404 outside it), check the role
predicate (403), call one service, add a message, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.roles import Role
from assessment import documents, panels, permissions, queries, services
from assessment.documents import record_sheet, related
from assessment.forms import (
    AcceptPlanForm,
    AnswerFormSet,
    AssignForm,
    DeclarationForm,
    EvidenceFormSet,
    FeedbackForm,
    IdentityCheckForm,
    PlanChangeForm,
    PlanForm,
    PreAssessmentForm,
    ReasonForm,
    SubmissionForm,
    SubmitForm,
    TestSessionForm,
)
from assessment.models import AnswerJudgement, Assessment, EvidenceItem, TestSession
from registration import queries as registration_queries
from schemes.models import CompetencyUnit, PerformanceCriterion
from skema_lsp import audit
from skema_lsp.actions import act_on_form, attempt, refused

S = Assessment.Status


def _assessment(request, pk: int) -> Assessment:
    return get_object_or_404(queries.visible_to(request.user), pk=pk)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _require_staff(request) -> None:
    _require(permissions.is_staff(request.user))


# --- staff: assignments and test sessions -------------------------------------------------------

LIST_LIMIT = 50


def _person(relation: str) -> tuple[str, ...]:
    """The columns of a user that display_name reads, through `relation`."""
    return tuple(f"{relation}__{field}" for field in ("full_name", "first_name", "last_name", "username"))


@login_required
def staff_assignments(request):
    _require_staff(request)
    # Each list shows its oldest LIST_LIMIT rows (work in order of arrival) with the total beside it.
    # Each table joins only what its columns show: four tables of 50 rows with every relation
    # joined built ~700 model instances per view.
    open_rounds = queries.visible_to(request.user).filter(status__in=Assessment.OPEN_STATUSES).select_related(None)
    candidate = ("application", "application__applicant")
    # ...and loads only the columns they show (200 full rows of five tables were most of its cost).
    shown = ("status", "application__full_name", *_person("application__applicant"))
    unassigned = (open_rounds.filter(status=S.UNASSIGNED).select_related(*candidate, "application__scheme")
                  .only(*shown, "round", "excluded_assessor", "application__scheme__name").order_by("pk"))
    running = (open_rounds.exclude(status=S.UNASSIGNED)
               .select_related(*candidate, "assessor", "session", "session__tuk")
               .only(*shown, *_person("assessor"), "session__date", "session__start_time", "session__tuk__name")
               .order_by("status", "pk"))
    submitted = (queries.visible_to(request.user).filter(status=S.SUBMITTED).select_related(None)
                 .select_related(*candidate, "assessor")
                 .only(*shown, *_person("assessor"), "recommendation", "submitted_at").order_by("-submitted_at"))
    waiting = queries.applications_awaiting_assessor()
    shown_waiting = waiting.only("full_name", *_person("applicant"), "scheme__name")
    return render(request, "assessment/staff_assignments.html", {
        "waiting": shown_waiting[:LIST_LIMIT], "waiting_count": waiting.count(),
        "unassigned": unassigned[:LIST_LIMIT], "unassigned_count": unassigned.count(),
        "running": running[:LIST_LIMIT], "running_count": running.count(), "limit": LIST_LIMIT,
        "submitted": submitted[:50],
    })


@login_required
def assign(request, application_pk: int):
    # Scope first (404 outside what the user may see), then the role (403).
    application = get_object_or_404(
        registration_queries.visible_to(request.user).select_related("applicant", "scheme"),
        pk=application_pk, status="accepted",
    )
    _require_staff(request)
    current = queries.current_assessment(application)
    form = AssignForm(request.POST or None, scheme=application.scheme)
    if request.method == "POST" and form.is_valid():
        if not refused(attempt(request, lambda: services.assign_assessor(
            application=application, assessor=form.cleaned_data["assessor"],
            session=form.cleaned_data["session"], by=request.user,
        ), lambda assessment: f"{assessment.assessor.display_name} diusulkan sebagai asesor; "
                              "penugasan berlaku setelah asesor menyatakan bebas konflik kepentingan.")):
            return redirect("assessment:staff_assignments")
    return render(request, "assessment/assign.html", {"application": application, "current": current, "form": form})


@login_required
def session_list(request):
    _require_staff(request)
    sessions = (
        TestSession.objects.select_related("tuk", "scheme")
        .prefetch_related("assessors")
        .annotate(taken=queries.seats_taken())
    )
    return render(request, "assessment/session_list.html", {"sessions": sessions})


@login_required
def session_edit(request, pk: int | None = None):
    _require_staff(request)
    instance = get_object_or_404(TestSession, pk=pk) if pk else None
    form = TestSessionForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.created_by = session.created_by or request.user
        session.save()
        form.save_m2m()
        audit.record(obj=session, action="assessment.session.saved", by=request.user, date=str(session.date),
                     tuk=session.tuk.name)
        messages.success(request, "Jadwal uji kompetensi disimpan.")
        return redirect("assessment:sessions")
    return render(request, "assessment/session_form.html", {"form": form, "session": instance})


@login_required
@require_POST
def cancel(request, pk: int):
    assessment = _assessment(request, pk)
    _require_staff(request)
    return act_on_form(request, ReasonForm(request.POST), lambda data: services.cancel_assessment(
        assessment=assessment, by=request.user, reason=data["reason"]), "Asesmen dibatalkan.",
        to=reverse("assessment:detail", args=[pk]), invalid="Alasan pembatalan wajib diisi.")


@login_required
@require_POST
def reopen(request, pk: int):
    assessment = _assessment(request, pk)
    _require_staff(request)
    return act_on_form(request, ReasonForm(request.POST), lambda data: services.reopen_assessment(
        assessment=assessment, by=request.user, reason=data["reason"]),
        "Rekaman dibuka kembali untuk koreksi oleh asesor.", to=reverse("assessment:detail", args=[pk]),
        invalid="Alasan membuka kembali wajib diisi.")


# --- lists per role ----------------------------------------------------------------------------------

@login_required
def my_candidates(request):
    _require(request.user.has_role(Role.ASESOR))
    items = queries.visible_to(request.user).filter(assessor=request.user).order_by("-updated_at")
    return render(request, "assessment/my_candidates.html", {"items": items})


@login_required
def my_assessments(request):
    items = queries.visible_to(request.user).filter(application__applicant=request.user).select_related("plan")
    return render(request, "assessment/my_assessments.html", {"items": items})


# --- one assessment ----------------------------------------------------------------------------------

@login_required
def detail(request, pk: int):
    assessment = _assessment(request, pk)
    user = request.user
    is_candidate = permissions.is_candidate(user, assessment)
    holder = permissions.holds(user, assessment)
    context = {
        "assessment": assessment,
        "plan": related(assessment, "plan"),
        "review": related(assessment, "pre_assessment"),
        "feedback": related(assessment, "feedback"),
        "is_candidate": is_candidate,
        "is_holder": holder,
        "is_staff": permissions.is_staff(user),
        "can_declare": permissions.can_declare(user, assessment),
        "accept_form": AcceptPlanForm() if is_candidate and assessment.status == S.PLAN_PROPOSED else None,
        "change_form": PlanChangeForm() if is_candidate and assessment.status == S.PLAN_PROPOSED else None,
        "reason_form": ReasonForm() if permissions.is_staff(user) else None,
        "identity": related(assessment, "identity_check"),
        "extra_panels": panels.for_assessment(user, assessment),
    }
    if (holder or permissions.is_staff(user)) and not is_candidate:
        context["sheet"] = record_sheet(assessment)
        context["timeline"] = audit.timeline(assessment)
    if is_candidate and assessment.status == S.SUBMITTED:
        context["sheet"] = record_sheet(assessment)
    return render(request, "assessment/detail.html", context)


@login_required
def declare(request, pk: int):
    assessment = _assessment(request, pk)
    _require(permissions.can_declare(request.user, assessment))
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        has_conflict = form.cleaned_data["has_conflict"] == "ya"
        if not refused(attempt(request, lambda: services.declare_conflict(
                assessment=assessment, by=request.user, has_conflict=has_conflict,
                kind=form.cleaned_data["kind"], note=form.cleaned_data["note"]))):
            if has_conflict:
                messages.warning(request, "Konflik kepentingan dicatat; penugasan ini dibatalkan.")
                return redirect("assessment:my_candidates")
            messages.success(request, "Pernyataan bebas konflik kepentingan dicatat. Anda ditugaskan.")
            return redirect("assessment:detail", pk=pk)
    return render(request, "assessment/declare.html", {"assessment": assessment, "form": form})


@login_required
def plan(request, pk: int):
    assessment = _assessment(request, pk)
    _require(permissions.holds(request.user, assessment))
    if assessment.status not in (S.ASSIGNED, S.PLAN_PROPOSED):
        messages.error(request, "Rencana asesmen tidak dapat diubah pada tahap ini.")
        return redirect("assessment:detail", pk=pk)
    existing = related(assessment, "plan")
    initial = {}
    if existing is None and assessment.session_id:
        initial = {"date": assessment.session.date, "time": assessment.session.start_time,
                   "tuk": assessment.session.tuk_id}
    form = PlanForm(request.POST or None, instance=existing, initial=initial,
                    criteria=services.scheme_criteria(assessment.application.scheme_id))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not refused(attempt(request, lambda: services.propose_plan(
            assessment=assessment, by=request.user, criterion_methods=data["criterion_methods"],
            evidence_to_collect=data["evidence_to_collect"], day=data["date"], at=data["time"], tuk=data["tuk"],
        ), "Rencana asesmen dikirim ke asesi untuk disetujui.")):
            return redirect("assessment:detail", pk=pk)
    elif request.method == "POST":
        messages.error(request, "Rencana belum dikirim: setiap KUK harus memiliki minimal satu metode asesmen.")
    return render(request, "assessment/plan_form.html", {"assessment": assessment, "form": form, "plan": existing})


@login_required
def identity_check(request, pk: int):
    """The assessor records the candidate's identity check at the test (before any result)."""
    assessment = _assessment(request, pk)
    _require(permissions.holds(request.user, assessment))
    done = related(assessment, "identity_check")
    form = IdentityCheckForm(request.POST or None) if done is None else None
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        if not refused(attempt(request, lambda: services.record_identity_check(
                assessment=assessment, by=request.user, document=data["document"],
                document_number=data["document_number"], matches_application=data["matches_application"],
                note=data["note"]), "Pemeriksaan identitas asesi dicatat.", form=form)):
            return redirect("assessment:detail", pk=pk)
    return render(request, "assessment/identity_check.html", {"assessment": assessment, "form": form,
                                                               "check": done})


@login_required
@require_POST
def accept_plan(request, pk: int):
    assessment = _assessment(request, pk)
    _require(permissions.is_candidate(request.user, assessment))
    form = AcceptPlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Centang persetujuan rencana asesmen dan pernyataan kerahasiaan.")
        return redirect("assessment:detail", pk=pk)
    attempt(request, lambda: services.accept_plan(assessment=assessment, by=request.user, **form.cleaned_data),
            "Rencana asesmen dan pernyataan kerahasiaan telah Anda setujui.")
    return redirect("assessment:detail", pk=pk)


@login_required
@require_POST
def plan_change(request, pk: int):
    assessment = _assessment(request, pk)
    _require(permissions.is_candidate(request.user, assessment))
    form = PlanChangeForm(request.POST)
    if form.is_valid():
        attempt(request, lambda: services.request_plan_change(
            assessment=assessment, by=request.user, note=form.cleaned_data["note"]),
            "Permintaan perubahan dikirim ke asesor.")
    return redirect("assessment:detail", pk=pk)


@login_required
def pre_assessment(request, pk: int):
    assessment = _assessment(request, pk)
    _require(permissions.holds(request.user, assessment) or permissions.is_staff(request.user))
    may_record = permissions.holds(request.user, assessment) and assessment.status == S.PLAN_AGREED
    form = PreAssessmentForm(request.POST or None) if may_record else None
    if request.method == "POST":
        _require(may_record)
        if form.is_valid():
            if not refused(attempt(request, lambda: services.record_pre_assessment(
                assessment=assessment, by=request.user, can_continue=form.cleaned_data["can_continue"] == "ya",
                reasons=form.cleaned_data["reasons"],
            ), "Hasil kaji APL-02 dicatat dan disampaikan kepada asesi.")):
                return redirect("assessment:detail", pk=pk)
    return render(request, "assessment/pre_assessment.html", {
        "assessment": assessment, "form": form, "answers": queries.self_assessment_rows(assessment.application),
        "documents": queries.application_documents(assessment.application),
    })


@login_required
def unit_sheet(request, pk: int, unit_pk: int):
    """FR.IA.* record for one unit: every KUK with its evidence, and a row to add new evidence. The
    rows are validated together and saved by one service call: all of them or none."""
    assessment = _assessment(request, pk)
    _require(permissions.holds(request.user, assessment) or permissions.is_staff(request.user))
    unit = get_object_or_404(CompetencyUnit, pk=unit_pk, scheme_id=assessment.application.scheme_id)
    criteria = list(PerformanceCriterion.objects.filter(element__unit=unit).select_related("element")
                    .order_by("element__order", "order"))
    may_record = permissions.holds(request.user, assessment) and assessment.status == S.TESTING
    data = request.POST if request.method == "POST" else None
    formset = EvidenceFormSet(data, request.FILES if data is not None else None, items=criteria, prefix="kuk",
                              initial=[{"criterion": c.pk} for c in criteria])
    submission = SubmissionForm(data)
    if request.method == "POST":
        _require(may_record)
        if _save_sheet(request, assessment, unit, formset, submission):
            return redirect("assessment:unit_sheet", pk=pk, unit_pk=unit_pk)
        if not formset.matches_items:
            formset = EvidenceFormSet(items=criteria, prefix="kuk", initial=[{"criterion": c.pk} for c in criteria])
    evidence: dict[int, list] = {}
    for item in assessment.evidence.filter(criterion__element__unit=unit):
        evidence.setdefault(item.criterion_id, []).append(item)
    outcome = services.evaluate(assessment)
    rows = [(c, evidence.get(c.pk, []), outcome.criteria.get(c.pk, False), form)
            for c, form in zip(criteria, formset.forms, strict=True)]
    return render(request, "assessment/unit_sheet.html", {
        "assessment": assessment, "unit": unit, "rows": rows, "formset": formset, "may_record": may_record,
        "submission": submission, "unit_competent": outcome.units.get(unit.pk, False),
        "can_see_files": permissions.can_see_files(request.user, assessment),
        "units": CompetencyUnit.objects.filter(scheme_id=assessment.application.scheme_id),
    })


def _save_sheet(request, assessment: Assessment, unit: CompetencyUnit, formset, submission) -> bool:
    """True when the request is done with (saved, or recognised as sent twice)."""
    if not (formset.is_valid() and submission.is_valid()):
        messages.error(request, "Bukti belum disimpan; tidak ada baris yang dicatat.")
        problems = formset.problems() + [e for errors in submission.errors.values() for e in errors]
        for problem in dict.fromkeys(problems):
            messages.error(request, problem)
        return False
    rows = formset.evidence_rows()
    if not rows:
        messages.info(request, "Tidak ada bukti baru: pilih metode dan isi bukti pada KUK yang dinilai.")
        return False
    try:
        added = services.record_unit_evidence(assessment=assessment, by=request.user, rows=rows,
                                              submission=submission.cleaned_data["kiriman"])
    except services.AlreadyRecorded as exc:
        messages.info(request, str(exc))
        return True
    except services.AssessmentError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, f"{added} bukti dicatat untuk unit {unit.code}.")
    return True


@login_required
@require_POST
def evidence_delete(request, pk: int, item_pk: int):
    assessment = _assessment(request, pk)
    _require(permissions.holds(request.user, assessment))
    item = get_object_or_404(EvidenceItem.objects.select_related("criterion__element"), pk=item_pk,
                             assessment=assessment)
    unit_pk = item.criterion.element.unit_id
    attempt(request, lambda: services.remove_evidence(item=item, by=request.user), "Bukti dihapus.")
    return redirect("assessment:unit_sheet", pk=pk, unit_pk=unit_pk)


@login_required
def evidence_file(request, pk: int, item_pk: int):
    assessment = _assessment(request, pk)
    _require(permissions.can_see_files(request.user, assessment))
    item = get_object_or_404(EvidenceItem, pk=item_pk, assessment=assessment)
    if not item.file:
        raise Http404
    audit.record(obj=assessment, action="assessment.evidence.file_viewed", by=request.user, evidence=item.pk)
    return FileResponse(item.file.open("rb"), as_attachment=False, filename=f"bukti-{item.pk}{_suffix(item)}")


def _suffix(item: EvidenceItem) -> str:
    name = item.file.name.lower()
    return name[name.rfind("."):] if "." in name else ""


@login_required
def questions(request, pk: int, unit_pk: int):
    """Question bank of one unit with the answer keys, and the judgement of each answer."""
    assessment = _assessment(request, pk)
    _require(permissions.can_see_question_bank(request.user, assessment))
    unit = get_object_or_404(CompetencyUnit, pk=unit_pk, scheme_id=assessment.application.scheme_id)
    bank = list(queries.question_bank_for(request.user, assessment).filter(unit=unit))
    judged = {j.question_id: j for j in AnswerJudgement.objects.filter(assessment=assessment, question__unit=unit)}
    may_record = permissions.holds(request.user, assessment) and assessment.status == S.TESTING
    initial = [{"question": q.pk, "answer_summary": getattr(judged.get(q.pk), "answer_summary", ""),
                "verdict": _verdict(judged.get(q.pk))} for q in bank]
    formset = AnswerFormSet(request.POST if request.method == "POST" else None, items=bank, initial=initial,
                            prefix="q")
    if request.method == "POST":
        _require(may_record)
        if formset.is_valid():
            if not refused(attempt(request, lambda: services.judge_answers(
                    assessment=assessment, by=request.user, answers=formset.judgements()),
                    "Penilaian jawaban disimpan.")):
                return redirect("assessment:questions", pk=pk, unit_pk=unit_pk)
        else:
            for problem in ["Penilaian belum disimpan."] + formset.problems():
                messages.error(request, problem)
            if not formset.matches_items:
                formset = AnswerFormSet(items=bank, initial=initial, prefix="q")
    rows = list(zip(bank, formset.forms, strict=True))
    return render(request, "assessment/questions.html", {
        "assessment": assessment, "unit": unit, "rows": rows, "formset": formset, "may_record": may_record,
        "judged": judged,
    })


def _verdict(judgement) -> str:
    if judgement is None:
        return ""
    return "ya" if judgement.is_satisfactory else "tidak"


@login_required
def submit(request, pk: int):
    assessment = _assessment(request, pk)
    _require(permissions.holds(request.user, assessment))
    if assessment.status != S.TESTING:
        messages.error(request, "Rekaman asesmen terkunci.")
        return redirect("assessment:detail", pk=pk)
    outcome = services.evaluate(assessment)
    form = SubmitForm(request.POST or None, initial={"recommendation": outcome.recommendation})
    if request.method == "POST" and form.is_valid():
        if not refused(attempt(request, lambda: services.submit_assessment(assessment=assessment, by=request.user, **{
            k: form.cleaned_data[k] for k in ("recommendation", "follow_up", "report_notes")
        }), "Rekaman dan rekomendasi diserahkan ke LSP; rekaman kini terkunci.")):
            return redirect("assessment:detail", pk=pk)
    return render(request, "assessment/submit.html", {"assessment": assessment, "form": form, "outcome": outcome,
                                                      "sheet": record_sheet(assessment)})


@login_required
def feedback(request, pk: int):
    assessment = _assessment(request, pk)
    _require(permissions.is_candidate(request.user, assessment))
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not refused(attempt(request, lambda: services.submit_feedback(
            assessment=assessment, by=request.user, answers=form.answers(), comments=form.cleaned_data["comments"],
        ), "Terima kasih, umpan balik Anda (FR.AK.03) telah dikirim.")):
            return redirect("assessment:detail", pk=pk)
    return render(request, "assessment/feedback.html", {"assessment": assessment, "form": form})


# --- documents -----------------------------------------------------------------------------------------

def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _issued_pdf(request, pk: int, document: str, code: str, may_see) -> HttpResponse:
    """A stored document of a submitted record, for a viewer `may_see(user, assessment)` allows."""
    assessment = _assessment(request, pk)
    _require(may_see(request.user, assessment))
    if assessment.status != S.SUBMITTED:
        raise Http404("Rekaman belum diserahkan.")
    return _pdf_response(services.issued_document(assessment, document), f"{code}-{assessment.reference}.pdf")


@login_required
def record_pdf(request, pk: int):
    """FR.AK.02: the record of the competency test and the recommendation (after submission)."""
    return _issued_pdf(request, pk, "record_pdf", "FR.AK.02", permissions.can_see_files)


@login_required
def report_pdf(request, pk: int):
    """FR.AK.05: the assessor's report to the LSP (staff and the assessor only)."""
    return _issued_pdf(request, pk, "report_pdf", "FR.AK.05",
                       lambda user, assessment: permissions.is_staff(user) or permissions.holds(user, assessment))


@login_required
def plan_pdf(request, pk: int):
    """FR.AK.01 for the assessor, the candidate and staff: exists once the assessor proposed a plan."""
    assessment = _assessment(request, pk)
    if related(assessment, "plan") is None:
        raise Http404("Rencana asesmen belum dibuat.")
    return _pdf_response(documents.plan_pdf(assessment), f"FR.AK.01-{assessment.reference}.pdf")


@login_required
def feedback_pdf(request, pk: int):
    """FR.AK.03 as the candidate sent it."""
    assessment = _assessment(request, pk)
    if related(assessment, "feedback") is None:
        raise Http404("Umpan balik belum dikirim.")
    return _pdf_response(documents.feedback_pdf(assessment), f"FR.AK.03-{assessment.reference}.pdf")
