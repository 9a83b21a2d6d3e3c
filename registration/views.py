"""Registration pages. Each view resolves its object (404 outside what the user may see), checks
the role (403), calls one service and redirects with a message."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from registration import documents, forms, progress, queries, services
from registration.models import Application, Evidence, Payment
from registration.permissions import can_apply, can_edit_application, can_review, can_view_application
from schemes.models import Scheme
from skema_lsp import audit, listing
from skema_lsp.actions import act, attempt
from skema_lsp.paging import BoundedPaginator
from skema_lsp.uploads import stored_upload_response

STEPS: list[tuple[str, str]] = [
    ("data-pribadi", "Data pribadi"),
    ("pekerjaan", "Data pekerjaan"),
    ("skema", "Skema & persyaratan dasar"),
    ("dokumen", "Dokumen persyaratan"),
    ("apl-02", "Asesmen mandiri (APL-02)"),
    ("pernyataan", "Pernyataan & pengajuan"),
]
STEP_SLUGS = [slug for slug, _ in STEPS]
FORM_STEPS = {"data-pribadi": forms.PersonalForm, "pekerjaan": forms.JobForm, "skema": forms.SchemeForm}


def _viewable(request, pk: int) -> Application:
    application = get_object_or_404(Application.objects.select_related("scheme", "applicant", "basic_requirement"),
                                    pk=pk)
    if not can_view_application(request.user, application):
        raise Http404
    return application


def _editable(request, pk: int) -> Application:
    application = _viewable(request, pk)
    if application.applicant_id != request.user.pk:
        raise PermissionDenied
    return application


# --- applicant ------------------------------------------------------------------------------


@login_required
def my_applications(request):
    if not can_apply(request.user):
        raise PermissionDenied
    applications = queries.visible_to(request.user).filter(applicant=request.user).select_related("payment")
    schemes = Scheme.objects.filter(is_active=True)
    return render(request, "registration/my_applications.html",
                  {"applications": applications, "schemes": schemes})


@login_required
@require_POST
def start(request):
    if not can_apply(request.user):
        raise PermissionDenied
    form = forms.StartForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pilih salah satu skema yang tersedia.")
        return redirect("registration:my_applications")
    try:
        application = services.start_application(applicant=request.user, scheme=form.cleaned_data["scheme"])
    except services.OpenApplicationExists as exc:
        messages.info(request, str(exc))
        return redirect("registration:detail", pk=exc.application.pk)
    messages.success(request, "Draf permohonan dibuat. Data pribadi diisi dari profil Anda; periksa kembali.")
    return redirect("registration:step", pk=application.pk, step=STEP_SLUGS[0])


@login_required
def step(request, pk: int, step: str):
    application = _editable(request, pk)
    if step not in STEP_SLUGS:
        raise Http404
    if application.status == Application.Status.RETURNED:
        messages.info(request, "Permohonan dikembalikan: ganti dokumen yang ditandai pada halaman status.")
        return redirect("registration:detail", pk=pk)
    if not application.can_edit_form:
        messages.info(request, "Permohonan sudah diajukan dan tidak dapat diubah.")
        return redirect("registration:detail", pk=pk)
    handler = {"dokumen": _documents_step, "apl-02": _apl02_step, "pernyataan": _declaration_step}.get(step, _form_step)
    return handler(request, application, step)


def _step_context(application: Application, step: str, **extra) -> dict:
    index = STEP_SLUGS.index(step)
    return {
        "application": application, "steps": STEPS, "current": step, "step_title": STEPS[index][1],
        "prev_step": STEP_SLUGS[index - 1] if index else None,
        "next_step": STEP_SLUGS[index + 1] if index + 1 < len(STEPS) else None, **extra,
    }


def _after_save(request, application: Application, step: str):
    messages.success(request, "Draf disimpan.")
    index = STEP_SLUGS.index(step)
    if "lanjut" in request.POST and index + 1 < len(STEPS):
        return redirect("registration:step", pk=application.pk, step=STEP_SLUGS[index + 1])
    return redirect("registration:step", pk=application.pk, step=step)


def _form_step(request, application: Application, step: str):
    form_class = FORM_STEPS[step]
    form = form_class(request.POST or None, instance=application)
    if request.method == "POST" and form.is_valid():
        form.save()
        return _after_save(request, application, step)
    units = queries.units_with_elements(application.scheme_id) if step == "skema" else None
    return render(request, "registration/step_form.html", _step_context(application, step, form=form, units=units))


def _documents_step(request, application: Application, step: str):
    context = _step_context(application, step, documents=_with_upload_forms(queries.document_rows(application)))
    return render(request, "registration/step_documents.html", context)


def _with_upload_forms(rows: list[dict]) -> list[dict]:
    """One upload form per document row, each with its own ids (one page shows several)."""
    for row in rows:
        row["upload_form"] = forms.UploadForm(auto_id=f"dokumen-{row['document'].pk}-%s",
                                               images_only=row["document"].is_image)
    return rows


def _apl02_step(request, application: Application, step: str):
    """APL-02 answers and the extra evidence share one form: uploading or removing a file saves the
    answers first, so nothing ticked is lost."""
    units = list(queries.units_with_elements(application.scheme_id))
    evidence_qs = queries.current_evidence(application).exclude(kind=Evidence.Kind.PAYMENT)
    form = forms.SelfAssessmentForm(request.POST or None, units=units, evidence_qs=evidence_qs,
                                    existing=queries.self_assessment_map(application))
    if request.method == "POST" and form.is_valid():
        services.save_self_assessment(application=application, answers=form.answers())
        if "unggah" in request.POST or "hapus" in request.POST:
            messages.success(request, "Jawaban APL-02 disimpan.")
            if "unggah" in request.POST:
                _add_upload(request, application, forms.UploadForm(request.POST, request.FILES))
            else:
                _remove_portfolio(request, application, request.POST["hapus"])
            url = reverse("registration:step", args=[application.pk, step])
            return redirect(f"{url}#bukti-tambahan")
        return _after_save(request, application, step)
    portfolio = evidence_qs.filter(kind=Evidence.Kind.PORTFOLIO)
    return render(request, "registration/step_apl02.html", _step_context(
        application, step, form=form, upload_form=forms.UploadForm(auto_id="bukti-%s"), portfolio=portfolio))


def _remove_portfolio(request, application: Application, evidence_pk: str) -> None:
    evidence = queries.current_evidence(application).filter(
        kind=Evidence.Kind.PORTFOLIO, pk=int(evidence_pk) if evidence_pk.isdigit() else 0).first()
    if evidence is None:
        messages.error(request, "Berkas itu sudah tidak ada dalam permohonan.")
        return
    attempt(request, lambda: services.remove_evidence(evidence=evidence, by=request.user),
            f"Berkas «{evidence.original_name}» dihapus dari permohonan.")


def _declaration_step(request, application: Application, step: str):
    initial = {
        "rights": bool(application.rights_acknowledged_at), "ethics": bool(application.ethics_acknowledged_at),
        "fee": bool(application.fee_acknowledged_at),
        "consents": sorted(services.active_consent_purposes(request.user)),
    }
    if application.is_minor:
        initial.update(guardian_name=application.guardian_name, guardian_relation=application.guardian_relation,
                       guardian_agree=bool(application.guardian_consent_at))
    form = forms.DeclarationForm(request.POST or None, initial=initial, minor=application.is_minor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.record_acknowledgements(application=application, rights=data["rights"], ethics=data["ethics"],
                                         fee=data["fee"])
        services.record_consents(user=request.user, purposes=set(data["consents"]))
        if form.minor:
            services.record_guardian_consent(application=application, by=request.user,
                                             name=data["guardian_name"], relation=data["guardian_relation"],
                                             agreed=data["guardian_agree"])
        if "ajukan" not in request.POST:
            return _after_save(request, application, step)
        if _try_submit(request, application):
            return redirect("registration:detail", pk=application.pk)
        return redirect("registration:step", pk=application.pk, step=step)
    clauses = application.scheme.clauses.order_by("kind", "order")
    return render(request, "registration/step_declaration.html", _step_context(
        application, step, form=form, clauses=clauses, problems=services.submission_problems(application)))


def _try_submit(request, application: Application) -> bool:
    try:
        services.submit_application(application=application, by=request.user)
    except services.SubmissionIncomplete as exc:
        messages.error(request, "Permohonan belum dapat diajukan. Yang masih perlu dilengkapi:")
        for problem in exc.problems:
            messages.error(request, problem)
        return False
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, "Permohonan diajukan. Kami akan memeriksa berkas Anda dan mengabari lewat email.")
    return True


@login_required
@require_POST
def submit(request, pk: int):
    """Resubmission of a returned application (a draft is submitted from the last step)."""
    application = _editable(request, pk)
    _try_submit(request, application)
    return redirect("registration:detail", pk=pk)


@login_required
@require_POST
def upload(request, pk: int):
    application = _editable(request, pk)
    document = None
    if request.POST.get("dokumen"):
        document = get_object_or_404(queries.required_documents(application), pk=_id(request.POST["dokumen"]))
    form = forms.UploadForm(request.POST, request.FILES, images_only=bool(document and document.is_image))
    _add_upload(request, application, form, document)
    return _back(application, request.POST.get("kembali"))


def _add_upload(request, application: Application, form: forms.UploadForm, document=None) -> None:
    """Store one checked upload (a 9.1.2 document, or APL-02 evidence without one); the outcome is a message."""
    if not form.is_valid():
        for error in form.errors.get("berkas", []) + form.errors.get("keterangan", []):
            messages.error(request, f"Berkas tidak diunggah: {error}")
        return
    attempt(request, lambda: services.add_evidence(
        application=application, upload=form.cleaned_data["berkas"], by=request.user, required_document=document,
        kind=Evidence.Kind.DOCUMENT if document else Evidence.Kind.PORTFOLIO,
        description=form.cleaned_data["keterangan"],
    ), f"Berkas «{form.cleaned_data['berkas'].original_name}» diunggah.")


def _id(value: str) -> int:
    """An object id sent in a form; anything else names no object (404)."""
    if not (value.isascii() and value.isdigit()):
        raise Http404
    return int(value)


def _back(application: Application, target: str | None):
    if target in STEP_SLUGS and application.can_edit_form:
        return redirect("registration:step", pk=application.pk, step=target)
    return redirect("registration:detail", pk=application.pk)


@login_required
@require_POST
def remove_file(request, pk: int, evidence_pk: int):
    application = _editable(request, pk)
    evidence = get_object_or_404(queries.current_evidence(application), pk=evidence_pk)
    attempt(request, lambda: services.remove_evidence(evidence=evidence, by=request.user),
            f"Berkas «{evidence.original_name}» dihapus dari permohonan.")
    return _back(application, request.POST.get("kembali"))


@login_required
def detail(request, pk: int):
    application = _viewable(request, pk)
    payment = Payment.objects.filter(application=application).select_related("proof").first()
    steps = progress.steps_for(application)
    context = {
        "application": application, "payment": payment, "steps": steps, "next_step": progress.current_step(steps),
        "pay": services.payment_instructions(payment) if payment and not payment.is_settled else None,
        "payment_due_days": settings.PAYMENT_DUE_DAYS,
        "documents": _with_upload_forms(queries.document_rows(application)),
        "timeline": audit.timeline(application),
        "is_owner": application.applicant_id == request.user.pk,
        "proof_form": forms.UploadForm(auto_id="bukti-bayar-%s"),
        "can_edit": can_edit_application(request.user, application),
        "can_review": can_review(request.user, application),
    }
    return render(request, "registration/detail.html", context)


@login_required
@require_POST
def payment_proof(request, pk: int):
    application = _editable(request, pk)
    payment = get_object_or_404(Payment, application=application)
    form = forms.UploadForm(request.POST, request.FILES)
    if form.is_valid():
        attempt(request, lambda: services.upload_payment_proof(
            payment=payment, upload=form.cleaned_data["berkas"], by=request.user),
            "Bukti pembayaran diunggah; staf LSP akan mengonfirmasinya.")
    else:
        for error in form.errors.get("berkas", []):
            messages.error(request, f"Bukti pembayaran tidak diunggah: {error}")
    return redirect("registration:detail", pk=pk)


@login_required
def evidence_file(request, pk: int):
    """Private files leave only through here: owner, staff, or a viewer a later stage allows."""
    evidence = get_object_or_404(Evidence.objects.select_related("application", "required_document"), pk=pk)
    if not can_view_application(request.user, evidence.application):
        raise Http404
    if not evidence.file:  # destroyed at the end of its retention period (registration/retention.py)
        raise Http404
    if evidence.is_personal_id:
        audit.record(obj=evidence, action="registration.evidence.accessed", by=request.user,
                     application=evidence.application_id,
                     document=evidence.required_document.code)
    return stored_upload_response(evidence.file, original_name=evidence.original_name,
                                  content_type=evidence.content_type, as_attachment=request.GET.get("unduh") == "1")


@login_required
def apl01_pdf(request, pk: int):
    return _pdf(request, pk, documents.apl01_pdf, "APL-01")


@login_required
def apl02_pdf(request, pk: int):
    return _pdf(request, pk, documents.apl02_pdf, "APL-02")


def _pdf(request, pk: int, render, code: str) -> HttpResponse:
    application = _viewable(request, pk)
    response = HttpResponse(render(application, show_nik=request.user.is_staf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{code}-{application.reference}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- staff ------------------------------------------------------------------------------------


QUEUE_SEARCH_KEY = "registration_queue_search"


@login_required
def staff_queue(request):
    if not can_review(request.user):
        raise PermissionDenied
    if request.method == "POST":
        # The search term may be a NIK: it travels by POST and lives in the session, so it never
        # appears in a URL (nor in access logs); status and scheme stay in the query string.
        request.session[QUEUE_SEARCH_KEY] = request.POST.get("q", "").strip()[:100]
        params = {key: request.POST[key] for key in ("status", "scheme", "urut") if request.POST.get(key)}
        url = reverse("registration:staff_queue")
        return redirect(f"{url}?{urlencode(params)}" if params else url)
    data = request.GET.copy()
    data["q"] = request.session.get(QUEUE_SEARCH_KEY, "")
    form = forms.QueueFilterForm(data)
    filters = form.cleaned_data if form.is_valid() else {}
    applications = queries.staff_queue(
        status=filters.get("status") or "", scheme_id=filters["scheme"].pk if filters.get("scheme") else None,
        search=(filters.get("q") or "").strip(),
    )
    applications, current = listing.sort(applications, request, QUEUE_COLUMNS, "diajukan")
    fmt = listing.export_format(request)
    if fmt:  # without the NIK: the export is for handing on
        return listing.export(fmt, name="permohonan", header=QUEUE_EXPORT, rows=applications.iterator(chunk_size=2000),
                              values=lambda a: [a.reference, a.full_name or a.applicant.display_name, a.scheme.name,
                                                a.basic_requirement.code if a.basic_requirement else "",
                                                a.submitted_at, a.get_status_display(),
                                                a.payment.get_status_display() if hasattr(a, "payment") else "",
                                                a.file_count])
    page = BoundedPaginator(applications, 50).get_page(request.GET.get("page"))
    for application in page:
        # A missing reverse one-to-one raises in the template, and the template engine's fallback
        # for a failed lookup (dir() of the instance) cost more than the rest of the row.
        application.payment_or_none = getattr(application, "payment", None)
    return render(request, "registration/staff_queue.html", {
        "form": form, "applications": page, "page": page, "headers": listing.headers(request, QUEUE_COLUMNS, current),
    })


QUEUE_COLUMNS: listing.Columns = {
    "nomor": ("Nomor", ("pk",)), "pemohon": ("Pemohon", ("full_name",)), "skema": ("Skema", ("scheme__name",)),
    "diajukan": ("Diajukan", ("submitted_at",)), "status": ("Status", ("status",)),
}
QUEUE_EXPORT = ["Nomor", "Pemohon", "Skema", "Persyaratan dasar", "Diajukan", "Status", "Pembayaran", "Berkas"]


@login_required
def review(request, pk: int):
    application = _viewable(request, pk)
    if not can_review(request.user, application):
        raise PermissionDenied
    documents = queries.required_documents(application)
    form = forms.ReviewForm(request.POST or None, documents=documents,
                            verdicts=queries.verdicts_of_round(application))
    if request.method == "POST" and form.is_valid():
        if _decide(request, application, form):
            return redirect("registration:review", pk=pk)
    context = {
        "application": application, "form": form, "documents": queries.document_rows(application),
        "units": queries.units_with_elements(application.scheme_id),
        "answers": queries.self_assessment_map(application),
        "history": queries.evidence_history(application),
        "past_verdicts": application.verdicts.select_related("required_document", "reviewed_by")
        .order_by("review_round", "required_document__order"),
        "payment": Payment.objects.filter(application=application).select_related("proof").first(),
        "timeline": audit.timeline(application),
        "reason_form": forms.ReasonForm(), "can_decide": application.status == Application.Status.SUBMITTED,
    }
    return render(request, "registration/review.html", context)


def _decide(request, application: Application, form: forms.ReviewForm) -> bool:
    action = request.POST.get("aksi")
    data = form.cleaned_data
    common = {"application": application, "by": request.user, "verdicts": form.verdicts(),
              "requirement_met": form.requirement_met(), "requirement_note": data["requirement_note"]}
    try:
        if action == "terima":
            services.accept_application(**common, note=data["note"])
            messages.success(request, "Pemohon diterima sebagai peserta sertifikasi.")
        elif action == "kembalikan":
            services.return_for_revision(**common, note=data["note"])
            messages.success(request, "Permohonan dikembalikan ke pemohon untuk perbaikan.")
        elif action == "tolak":
            services.reject_application(**common, reason=data["note"])
            messages.success(request, "Permohonan ditolak.")
        else:
            messages.error(request, "Pilih tindakan: terima, kembalikan, atau tolak.")
            return False
    except services.RegistrationError as exc:
        messages.error(request, str(exc))
        return isinstance(exc, services.TransitionRefused)
    return True


@login_required
@require_POST
def payment_decide(request, pk: int):
    application = _viewable(request, pk)
    if not can_review(request.user, application):
        raise PermissionDenied
    payment = get_object_or_404(Payment, application=application)
    back = reverse("registration:review", args=[pk]) + "#pembayaran"
    if request.POST.get("aksi") == "konfirmasi":
        return act(request, lambda: services.confirm_payment(payment=payment, by=request.user),
                   f"Pembayaran {payment.invoice_number} dikonfirmasi.", to=back)
    return act(request, lambda: services.reject_payment(payment=payment, by=request.user,
                                                        reason=request.POST.get("reason", "")),
               f"Bukti pembayaran {payment.invoice_number} ditolak.", to=back)
