"""Thin views: resolve the object through a scoped queryset (404 outside it), check the role
predicate (403), call one service, add a message, redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.roles import Role
from assessment import queries as assessment_queries
from assessment.documents import related
from assessment.models import Assessment, Question
from exams import bank, documents, permissions, progress, queries, services
from exams.forms import (
    AnswerSheetForm,
    ConfirmImportForm,
    EssayReviewForm,
    ImportForm,
    OralForm,
    PlaceForm,
    QuestionForm,
    RetireForm,
    SheetForm,
)
from exams.models import Attempt, Instrument, InstrumentSheet
from schemes.models import CompetencyUnit, PerformanceCriterion, Scheme
from skema_lsp import actions


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _assessment(request, pk: int) -> Assessment:
    return get_object_or_404(assessment_queries.visible_to(request.user), pk=pk)


def _pdf(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# --- schedules --------------------------------------------------------------------------------------------

@login_required
def sessions(request):
    _require(permissions.is_staff(request.user) or request.user.has_role(Role.ASESOR))
    items = queries.sessions_visible_to(request.user).prefetch_related("assessors")[:100]
    return render(request, "exams/sessions.html", {"sessions": items})


@login_required
def session_detail(request, pk: int):
    session = get_object_or_404(queries.sessions_visible_to(request.user).prefetch_related("assessors"), pk=pk)
    staff = permissions.is_staff(request.user)
    form = PlaceForm(queryset=services.placeable_for(session)) if staff else None
    return render(request, "exams/session_detail.html", {
        "session": session, "rows": progress.session_rows(session), "form": form, "is_staff": staff,
        "ratio": progress.ratio(), "assessors": list(session.assessors.all()),
    })


@login_required
@require_POST
def session_place(request, pk: int):
    session = get_object_or_404(queries.sessions_visible_to(request.user), pk=pk)
    _require(permissions.is_staff(request.user))
    form = PlaceForm(request.POST, queryset=services.placeable_for(session))
    if form.is_valid():
        actions.attempt(request, lambda: services.place_candidates(
            session=session, assessments=list(form.cleaned_data["assessments"]), by=request.user),
            lambda placed: f"{placed} asesi ditempatkan pada jadwal ini dan diberi tahu.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("exams:session_detail", pk=pk)


@login_required
def my_exams(request):
    services.close_expired(assessment__application__applicant=request.user)
    return render(request, "exams/my_exams.html", {"items": queries.candidate_schedule(request.user)})


# --- CBT (candidate) --------------------------------------------------------------------------------------

@login_required
@require_POST
def cbt_start(request, pk: int):
    assessment = _assessment(request, pk)
    _require(permissions.is_candidate(request.user, assessment))
    attempt = actions.attempt(request, lambda: services.start_attempt(assessment=assessment, by=request.user))
    if actions.refused(attempt):
        return redirect("exams:my_exams")
    return redirect("exams:cbt", pk=attempt.pk)


@never_cache
@login_required
def cbt(request, pk: int):
    """The test page. Works as a plain form; static/js/cbt.js saves each choice as it is made. The
    page carries the question texts and options of this attempt only, never the key."""
    attempt = get_object_or_404(queries.own_attempts(request.user), pk=pk)
    if attempt.status == Attempt.Status.STARTED and not attempt.is_open:
        services.finish_attempt(attempt=attempt, by=None, ending=Attempt.Ending.TIME_UP)
        attempt.refresh_from_db()
    items = list(attempt.items.select_related("question").order_by("order"))
    form = AnswerSheetForm(request.POST or None, items=items)
    if request.method == "POST" and attempt.status == Attempt.Status.STARTED:
        if form.is_valid():
            try:
                services.save_answers(attempt=attempt, by=request.user, answers=form.answers(),
                                      essays=form.essays())
                if "selesai" in request.POST:
                    services.finish_attempt(attempt=attempt, by=request.user)
                    messages.success(request, "Ujian selesai. Jawaban Anda telah tersimpan dan diserahkan.")
                else:
                    messages.success(request, "Jawaban tersimpan.")
            except services.ExamError as exc:
                messages.error(request, str(exc))
            return redirect("exams:cbt", pk=pk)
        else:
            messages.error(request, " ".join(e for errors in form.errors.values() for e in errors)
                           or "Jawaban tidak dikenali; muat ulang halaman.")
    answered = sum(1 for item in items if item.chosen is not None or item.essay_answer)
    return render(request, "exams/cbt.html", {"attempt": attempt, "form": form, "answered": answered,
                                              "total": len(items), "has_essays": any(i.is_essay for i in items)})


@login_required
@require_POST
def cbt_answer(request, pk: int):
    """One choice or one essay text, posted by static/js/cbt.js as it is given. The answer says only
    whether it was saved."""
    attempt = get_object_or_404(queries.own_attempts(request.user), pk=pk)
    answers, essays = {}, {}
    try:
        question = int(request.POST.get("question", ""))
        if "text" in request.POST:
            essays[question] = request.POST["text"]
        else:
            answers[question] = int(request.POST.get("choice", ""))
    except ValueError:
        return JsonResponse({"saved": False, "message": "Isian tidak dikenali."}, status=400)
    try:
        services.save_answers(attempt=attempt, by=request.user, answers=answers, essays=essays)
    except services.TimeUp as exc:
        return JsonResponse({"saved": False, "closed": True, "message": str(exc)}, status=409)
    except services.ExamError as exc:
        attempt.refresh_from_db()
        return JsonResponse({"saved": False, "closed": attempt.status == Attempt.Status.FINISHED,
                             "message": str(exc)}, status=409)
    attempt.refresh_from_db()
    answered = attempt.items.filter(Q(chosen__isnull=False) | ~Q(essay_answer="")).count()
    return JsonResponse({"saved": True, "seconds_left": attempt.seconds_left, "answered": answered})


# --- CBT results, FR.IA.01 (assessor and staff) ----------------------------------------------------------

@login_required
def cbt_result(request, pk: int):
    assessment = _assessment(request, pk)
    _require(permissions.may_see_results(request.user, assessment))
    services.close_expired(assessment=assessment)
    attempt = Attempt.objects.filter(assessment=assessment).first()
    context = {"assessment": assessment, "attempt": attempt,
               "may_record": permissions.holds(request.user, assessment)}
    if attempt is not None:
        context["results"] = services.results_by_criterion(attempt)
        context["items"] = attempt.items.select_related("question__criterion__element").order_by("order")
        context["pending"] = sum(r.essays_pending for r in context["results"])
    return render(request, "exams/cbt_result.html", context)


@login_required
def essay_review(request, pk: int):
    """FR.IA.06: the essay answers with their model answers (assessor and staff), judged by the
    assessor holding the case until the result is entered into the record."""
    assessment = _assessment(request, pk)
    _require(permissions.may_see_results(request.user, assessment))
    attempt = get_object_or_404(Attempt, assessment=assessment, status=Attempt.Status.FINISHED)
    items = list(attempt.items.filter(question__kind=Question.Kind.TERTULIS)
                 .select_related("question__criterion__element").order_by("order"))
    may_review = permissions.holds(request.user, assessment) and attempt.recorded_at is None and bool(items)
    form = EssayReviewForm(request.POST or None, items=items) if may_review else None
    if request.method == "POST":
        _require(may_review)
        if form.is_valid():
            done = actions.attempt(request, lambda: services.review_essays(attempt=attempt, by=request.user,
                                                                       reviews=form.reviews()),
                               lambda n: f"Penilaian {n} jawaban esai (FR.IA.06) disimpan.", form=form)
            if not actions.refused(done):
                return redirect("exams:cbt_result", pk=pk)
    return render(request, "exams/essay_review.html", {"assessment": assessment, "attempt": attempt,
                                                       "items": items, "form": form})


@login_required
@require_POST
def cbt_record(request, pk: int):
    assessment = _assessment(request, pk)
    _require(permissions.holds(request.user, assessment))
    attempt = get_object_or_404(Attempt, assessment=assessment)
    return actions.act(request, lambda: services.record_cbt_result(attempt=attempt, by=request.user),
               lambda count: f"Hasil CBT dicatat ke rekaman VATM untuk {count} KUK.",
               to=reverse("exams:cbt_result", args=[pk]))


@login_required
def cbt_pdf(request, pk: int):
    assessment = _assessment(request, pk)
    _require(permissions.may_see_results(request.user, assessment))
    attempt = get_object_or_404(Attempt, assessment=assessment, status=Attempt.Status.FINISHED)
    return _pdf(documents.cbt_pdf(attempt), f"FR.IA.05-{assessment.reference}.pdf")


def _unit(assessment: Assessment, unit_pk: int) -> CompetencyUnit:
    return get_object_or_404(CompetencyUnit, pk=unit_pk, scheme_id=assessment.application.scheme_id)


SHEET_SUCCESS = {
    Instrument.OBSERVATION: "Ceklis observasi FR.IA.01 unit {unit} dicatat ke rekaman VATM.",
    Instrument.SUPPORTING: "Pertanyaan pendukung FR.IA.03 unit {unit} dicatat ke rekaman VATM.",
    Instrument.PORTFOLIO: "Tinjauan portofolio FR.IA.11 unit {unit} dicatat ke rekaman VATM.",
}
SHEET_URLS = {Instrument.OBSERVATION: "exams:observation", Instrument.SUPPORTING: "exams:supporting",
              Instrument.PORTFOLIO: "exams:portfolio"}


@login_required
def sheet(request, pk: int, unit_pk: int, instrument: str):
    """A per-KUK instrument of one unit (FR.IA.01, FR.IA.03, FR.IA.11): filled once by the assessor
    holding the case while testing; staff read it."""
    assessment = _assessment(request, pk)
    _require(permissions.holds(request.user, assessment) or permissions.is_staff(request.user))
    unit = _unit(assessment, unit_pk)
    done = InstrumentSheet.objects.filter(assessment=assessment, unit=unit, instrument=instrument).prefetch_related(
        "rows__criterion__element", "rows__portfolio_file__required_document").first()
    criteria = list(PerformanceCriterion.objects.filter(element__unit=unit).select_related("element")
                    .order_by("element__order", "order"))
    may_record = done is None and permissions.holds(request.user, assessment) and assessment.status == "testing"
    files = list(services.portfolio_files(assessment)) if instrument == Instrument.PORTFOLIO else []
    form = SheetForm(request.POST or None, instrument=instrument, criteria=criteria, files=files) if may_record \
        else None
    if request.method == "POST":
        _require(may_record)
        if form.is_valid():
            recorded = actions.attempt(request, lambda: services.record_sheet(
                assessment=assessment, unit=unit, instrument=instrument, by=request.user, rows=form.inputs(),
                notes=form.cleaned_data["notes"]), SHEET_SUCCESS[instrument].format(unit=unit.code), form=form)
            if not actions.refused(recorded):
                return redirect(SHEET_URLS[instrument], pk=pk, unit_pk=unit_pk)
    plan = related(assessment, "plan")
    return render(request, "exams/sheet.html", {
        "assessment": assessment, "unit": unit, "form": form, "sheet": done, "instrument": instrument,
        "title": Instrument(instrument).label, "files": files,
        "planned": {c.pk: plan.methods_for(c.pk) if plan else [] for c in criteria},
        "identity": related(assessment, "identity_check"),
    })


@login_required
def sheet_pdf(request, pk: int, unit_pk: int, instrument: str):
    assessment = _assessment(request, pk)
    _require(permissions.holds(request.user, assessment) or permissions.is_staff(request.user))
    unit = _unit(assessment, unit_pk)
    done = get_object_or_404(InstrumentSheet, assessment=assessment, unit=unit, instrument=instrument)
    return _pdf(services.sheet_pdf(done), f"{instrument}-{assessment.reference}-{unit.code}.pdf")


def _oral_questions(unit: CompetencyUnit) -> list[Question]:
    return list(Question.objects.filter(unit=unit, kind=Question.Kind.LISAN, is_active=True)
                .select_related("criterion__element").order_by("order", "pk"))


@login_required
def oral(request, pk: int, unit_pk: int):
    """FR.IA.07: the unit's oral questions with their keys (assessor and staff), judged once."""
    assessment = _assessment(request, pk)
    _require(permissions.may_see_results(request.user, assessment))
    unit = _unit(assessment, unit_pk)
    questions = _oral_questions(unit)
    judged = {j.question_id: j for j in assessment.answers.filter(question__in=questions)}
    may_record = (permissions.holds(request.user, assessment) and assessment.status == "testing"
                  and bool(questions) and not judged)
    form = OralForm(request.POST or None, questions=questions) if may_record else None
    if request.method == "POST":
        _require(may_record)
        if form.is_valid():
            count = actions.attempt(request, lambda: services.record_oral(assessment=assessment, unit=unit,
                                                                      by=request.user, answers=form.inputs()),
                                lambda n: f"Pertanyaan lisan FR.IA.07 dicatat; bukti untuk {n} KUK.", form=form)
            if not actions.refused(count):
                return redirect("exams:oral", pk=pk, unit_pk=unit_pk)
    return render(request, "exams/oral.html", {"assessment": assessment, "unit": unit, "form": form,
                                               "questions": questions,
                                               "done": [(q, judged.get(q.pk)) for q in questions],
                                               "judged_any": bool(judged)})


@login_required
def oral_pdf(request, pk: int, unit_pk: int):
    assessment = _assessment(request, pk)
    _require(permissions.may_see_results(request.user, assessment))
    unit = _unit(assessment, unit_pk)
    pdf = services.oral_pdf(assessment=assessment, unit=unit)
    if pdf is None:
        raise Http404("Pertanyaan lisan unit ini belum dinilai.")
    return _pdf(pdf, f"FR.IA.07-{assessment.reference}-{unit.code}.pdf")


# --- question bank (staff) ---------------------------------------------------------------------------------

@login_required
def question_bank(request):
    _require(permissions.is_staff(request.user))
    schemes = Scheme.objects.order_by("name")
    try:
        scheme_id = int(request.GET.get("skema", "") or 0)
    except ValueError:
        scheme_id = 0
    items = queries.question_statistics(scheme_id or None)[:300]
    return render(request, "exams/bank.html", {"items": items, "schemes": schemes, "scheme_id": scheme_id,
                                               "retire_form": RetireForm()})


@login_required
def question_import(request):
    _require(permissions.is_staff(request.user))
    form, preview = ImportForm(), None
    if request.method == "POST" and "token" in request.POST:
        confirm = ConfirmImportForm(request.POST)
        valid = confirm.is_valid()
        rows = bank.unsign(confirm.cleaned_data["token"], confirm.cleaned_data["scheme"]) if valid else None
        if rows is None:
            messages.error(request, "Pratinjau kedaluwarsa atau tidak sah; unggah berkas kembali.")
        else:
            created = bank.import_questions(scheme=confirm.cleaned_data["scheme"], rows=rows, by=request.user)
            messages.success(request, f"{created} soal ditambahkan ke bank soal.")
            return redirect("exams:question_bank")
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            scheme = form.cleaned_data["scheme"]
            rows, problems = bank.read_workbook(form.cleaned_data["file"], scheme=scheme)
            for problem in problems:
                form.add_error("file", problem)
            if rows:
                valid = [r for r in rows if r.is_valid]
                preview = {"rows": rows, "valid": len(valid), "invalid": len(rows) - len(valid),
                           "confirm": ConfirmImportForm(initial={"scheme": scheme.pk,
                                                                 "token": bank.sign(rows, scheme)})}
    return render(request, "exams/import.html", {"form": form, "preview": preview, "header": bank.HEADER})


def _bank_question(pk: int) -> Question:
    return get_object_or_404(Question.objects.filter(kind__in=bank.CHOICE_KINDS).select_related(
        "unit__scheme", "criterion"), pk=pk)


@login_required
def question_create(request):
    """One question entered by staff; `?dari=<pk>` starts from a copy of another (the way to replace a
    question that can no longer be edited)."""
    _require(permissions.is_staff(request.user))
    initial, source = {}, None
    dari = request.GET.get("dari", "")
    if request.method == "GET" and dari.isdigit() and len(dari) < 10:
        source = Question.objects.filter(kind__in=bank.CHOICE_KINDS, pk=int(dari)).first()
        initial = QuestionForm.initial_from(source) if source else {}
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        question = actions.attempt(request, lambda: services.add_question(data=form.question_input, by=request.user),
                                   "Soal ditambahkan ke bank soal dan ikut diundi mulai sekarang.", form=form)
        if not actions.refused(question):
            return redirect(f"{reverse('exams:question_bank')}?skema={question.unit.scheme_id}")
    return render(request, "exams/question_form.html", {"form": form, "question": None, "source": source})


@login_required
def question_edit(request, pk: int):
    """Edit in place while no candidate has met the question; afterwards the page explains why not
    and offers to retire it and start a new one from a copy."""
    _require(permissions.is_staff(request.user))
    question = _bank_question(pk)
    form = QuestionForm(request.POST or None, initial=QuestionForm.initial_from(question))
    if request.method == "POST" and form.is_valid():
        saved = actions.attempt(request, lambda: services.edit_question(question=question, data=form.question_input,
                                                                        by=request.user),
                                "Perubahan soal disimpan.", form=form)
        if not actions.refused(saved):
            return redirect(f"{reverse('exams:question_bank')}?skema={question.unit.scheme_id}")
    return render(request, "exams/question_form.html", {
        "form": form, "question": question, "used": bank.times_used(question), "retire_form": RetireForm()})


@login_required
def question_retire(request, pk: int):
    # The role first: the bank is the LSP's material, so anyone else learns nothing from the method.
    _require(permissions.is_staff(request.user))
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    question = get_object_or_404(Question, pk=pk)
    if request.POST.get("ganti"):
        # Retire and replace: back to the question on a refusal, on to a new one copied from it when done.
        back = reverse("exams:question_edit", args=[question.pk])
        form = RetireForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Alasan penarikan soal wajib diisi.")
            return redirect(back)
        return actions.act(request, lambda: services.retire_question(
            question=question, by=request.user, reason=form.cleaned_data["reason"]),
            "Soal ditarik dari bank soal. Perbaiki salinannya di bawah lalu simpan sebagai soal baru.",
            to=f"{reverse('exams:question_create')}?dari={question.pk}", refused_to=back)
    return actions.act_on_form(request, RetireForm(request.POST), lambda data: services.retire_question(
        question=question, by=request.user, reason=data["reason"]),
        "Soal ditarik dari bank soal; tidak akan diundi lagi.",
        to=f"{reverse('exams:question_bank')}?skema={question.unit.scheme_id}",
        invalid="Alasan penarikan soal wajib diisi.")
