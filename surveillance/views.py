"""Thin views: resolve the object through queries.*visible_to(user) (404 outside), check the role
predicate (403), call one service, add a message, redirect."""

import re
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from decisions.models import Certificate
from decisions.queries import certificates_visible_to
from skema_lsp import audit, listing
from skema_lsp.actions import act, act_on_form, attempt, refused
from skema_lsp.charts import cached_figure
from skema_lsp.paging import BoundedPaginator
from skema_lsp.uploads import stored_upload_response
from surveillance import exports, permissions, queries, schedule, services
from surveillance.forms import (
    ConfirmationForm,
    LogbookForm,
    OpenForm,
    ReasonForm,
    RecertificationFilterForm,
    RegisterFilterForm,
    ReturnForm,
    ReviewForm,
    ReviewQueueFilterForm,
    SubmitForm,
)
from surveillance.models import Confirmation, LogbookEntry, RecertificationRequest, Surveillance

PAGE_SIZE = 50


def _staff_only(user) -> None:
    if not permissions.is_staff(user):
        raise PermissionDenied


# --- holder ---------------------------------------------------------------------------------------


def certificate_overview(certificate: Certificate, today: date) -> dict:
    """What a holder (or staff on the holder record) sees for one certificate: periods and renewal."""
    rows = {row.period: row for row in certificate.surveillances.all()}
    in_force = services.is_in_force(certificate, today)
    window = schedule.recertification_window(certificate)
    requests = list(certificate.recertification_requests.all())
    return {
        "certificate": certificate,
        "status": certificate.effective_status(today),
        "status_label": certificate.effective_status_label(today),
        "periods": schedule.period_states(certificate, rows, today, active=in_force),
        "window": window,
        "window_open": in_force and window.is_open(today),
        "window_late": window.is_late(today),
        "requests": requests,
        "can_recertify": in_force and window.is_open(today) and not any(
            r.status != RecertificationRequest.Status.DITOLAK for r in requests
        ),
    }


@login_required
def my_surveillance(request):
    today = timezone.localdate()
    overviews = [certificate_overview(c, today) for c in queries.certificates_of(request.user)]
    return render(request, "surveillance/my_surveillance.html", {"overviews": overviews, "today": today})


@login_required
@require_POST
def start(request, certificate_pk: int):
    certificate = get_object_or_404(queries.certificates_of(request.user), pk=certificate_pk)
    surveillance = attempt(request, lambda: services.start_surveillance(certificate=certificate, by=request.user))
    return redirect("surveillance:my_surveillance" if refused(surveillance) else surveillance)


def _detail(request, surveillance: Surveillance, status: int = 200, **forms):
    holder_edits = permissions.can_submit(request.user, surveillance)
    staff_reviews = permissions.can_review(request.user) and surveillance.status == Surveillance.Status.DIAJUKAN
    confirmations = {c.kind: c for c in surveillance.confirmations.all()}
    context = {
        "s": surveillance,
        "certificate": surveillance.certificate,
        "logbook": surveillance.logbook.all(),
        "confirmations": [(kind, label, confirmations.get(kind)) for kind, label in Confirmation.Kind.choices],
        "holder_edits": holder_edits,
        "staff_reviews": staff_reviews,
        "is_staff": permissions.is_staff(request.user),
        "problems": services.submission_problems(surveillance) if holder_edits else [],
        "timeline": audit.timeline(surveillance),
    }
    if holder_edits:
        context["logbook_form"] = forms.get("logbook_form") or LogbookForm()
        context["confirmation_forms"] = [
            forms.get(f"confirmation_{kind}") or ConfirmationForm(kind=kind, instance=confirmations.get(kind))
            for kind in Confirmation.Kind.values
        ]
        context["submit_form"] = SubmitForm()
    if staff_reviews:
        context["review_form"] = forms.get("review_form") or ReviewForm(
            initial={"method_logbook": True, "method_supervisor": True}
        )
        context["return_form"] = forms.get("return_form") or ReturnForm()
    return render(request, "surveillance/detail.html", context, status=status)


def _get(request, pk: int) -> Surveillance:
    return get_object_or_404(queries.visible_to(request.user), pk=pk)


@login_required
def detail(request, pk: int):
    return _detail(request, _get(request, pk))


def _require_submitter(request, surveillance: Surveillance) -> None:
    if not permissions.is_holder(request.user, surveillance.certificate):
        raise PermissionDenied


@login_required
@require_POST
def logbook_add(request, pk: int):
    surveillance = _get(request, pk)
    _require_submitter(request, surveillance)
    form = LogbookForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, surveillance, status=400, logbook_form=form)
    data = form.cleaned_data
    return act(request, lambda: services.add_logbook_entry(
        surveillance=surveillance, by=request.user, date=data["date"], activity=data["activity"],
        role=data["role"], output=data["output"], upload=form.upload,
    ), "Entri logbook disimpan.", to=surveillance)


@login_required
@require_POST
def logbook_delete(request, pk: int, entry_pk: int):
    surveillance = _get(request, pk)
    _require_submitter(request, surveillance)
    entry = get_object_or_404(surveillance.logbook, pk=entry_pk)
    return act(request, lambda: services.remove_logbook_entry(entry=entry, by=request.user), "Entri logbook dihapus.",
               to=surveillance)


@login_required
@require_POST
def confirmation(request, pk: int, kind: str):
    surveillance = _get(request, pk)
    _require_submitter(request, surveillance)
    if kind not in Confirmation.Kind.values:
        raise Http404
    form = ConfirmationForm(request.POST, request.FILES, kind=kind)
    if not form.is_valid():
        return _detail(request, surveillance, status=400, **{f"confirmation_{kind}": form})
    data = form.cleaned_data
    return act(request, lambda: services.save_confirmation(
        surveillance=surveillance, kind=kind, by=request.user, name=data["name"], position=data["position"],
        contact=data["contact"], upload=form.upload,
    ), f"{Confirmation.Kind(kind).label} disimpan.", to=surveillance)


@login_required
@require_POST
def submit(request, pk: int):
    surveillance = _get(request, pk)
    _require_submitter(request, surveillance)
    form = SubmitForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return act(request, lambda: services.submit_surveillance(surveillance=surveillance, by=request.user, note=note),
               "Surveilan diajukan. LSP akan meninjaunya.", to=surveillance)


@login_required
def file(request, pk: int, what: str, item_pk: int):
    """Private files of a surveillance, only to its holder and staff."""
    surveillance = _get(request, pk)
    if what == "logbook":
        item = get_object_or_404(LogbookEntry, pk=item_pk, surveillance=surveillance)
        stored = item.attachment
    elif what == "konfirmasi":
        item = get_object_or_404(Confirmation, pk=item_pk, surveillance=surveillance)
        stored = item.letter
    else:
        raise Http404
    return stored_upload_response(stored, original_name=item.original_name, content_type=item.content_type)


# --- staff review ---------------------------------------------------------------------------------


@login_required
def review_queue(request):
    """Submitted surveillances waiting for staff: filters and sort kept in the URL, the list as CSV/XLSX."""
    _staff_only(request.user)
    form = ReviewQueueFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    items = queries.review_queue()
    if search := (data.get("q") or "").strip():
        found = Q(certificate__holder_name__icontains=search) | Q(certificate__number__icontains=search)
        if number := re.fullmatch(r"(?i)(?:SRV-?)?0*(\d{1,9})", search):  # the number is SRV- and the id
            found |= Q(pk=int(number.group(1)))
        items = items.filter(found)
    if data.get("scheme"):
        items = items.filter(certificate__scheme=data["scheme"])
    items, current = listing.sort(items, request, REVIEW_COLUMNS, "diajukan")
    if fmt := listing.export_format(request):
        return listing.export(fmt, name="surveilan-menunggu-tinjauan", header=REVIEW_EXPORT, rows=items,
                              values=lambda s: [s.reference, s.certificate.holder_name, s.certificate.number,
                                                s.certificate.scheme_name, s.period, s.due_date, s.submitted_at])
    page = BoundedPaginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "surveillance/review_queue.html", {
        "page": page, "form": form, "headers": listing.headers(request, REVIEW_COLUMNS, current),
    })


# The oldest submission first: it has waited longest.
REVIEW_COLUMNS: listing.Columns = {
    "nomor": ("Nomor", ("pk",)), "pemegang": ("Pemegang", ("certificate__holder_name",)),
    "sertifikat": ("Sertifikat", ("certificate__number",)), "jatuh_tempo": ("Periode (jatuh tempo)", ("due_date",)),
    "diajukan": ("Diajukan", ("submitted_at",)),
}
REVIEW_EXPORT = ["Nomor surveilan", "Pemegang", "Nomor sertifikat", "Skema", "Periode", "Jatuh tempo", "Diajukan"]


@login_required
@require_POST
def review(request, pk: int):
    surveillance = _get(request, pk)
    _staff_only(request.user)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _detail(request, surveillance, status=400, review_form=form)
    if refused(attempt(request, lambda: services.review_surveillance(
            surveillance=surveillance, by=request.user, data=form.to_input()), "Hasil surveilan dicatat.")):
        return _detail(request, surveillance, status=400, review_form=form)
    return redirect(surveillance)


@login_required
@require_POST
def return_to_holder(request, pk: int):
    surveillance = _get(request, pk)
    _staff_only(request.user)
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return _detail(request, surveillance, status=400, return_form=form)
    return act(request, lambda: services.return_surveillance(
        surveillance=surveillance, by=request.user, note=form.cleaned_data["note"]),
        "Surveilan dikembalikan kepada pemegang sertifikat.", to=surveillance)


@login_required
def report(request, pk: int):
    surveillance = _get(request, pk)
    pdf = attempt(request, lambda: services.render_report(surveillance))
    if refused(pdf):
        return redirect(surveillance)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="laporan-surveilan-{surveillance.reference}.pdf"'
    return response


# --- holders register -----------------------------------------------------------------------------


@login_required
def holders(request):
    _staff_only(request.user)
    today = timezone.localdate()
    form = RegisterFilterForm(request.GET or None)
    filters = form.to_filter()
    qs = queries.holders_register(filters, today)
    # Overdue alone is the dashboard's figure: its count reads every certificate in force whatever
    # the cap (few are overdue), so the list takes the dashboard's cached count (at most
    # DASHBOARD_CACHE_SECONDS old; the rows themselves are always read live) instead of its own.
    known = (cached_figure("surveillance-overdue", today, lambda: queries.overdue_count(today))
             if filters == queries.RegisterFilter(overdue=True) else None)
    page = BoundedPaginator(qs, PAGE_SIZE, count=known).get_page(request.GET.get("page"))
    rows = [queries.register_row(c, today) for c in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "surveillance/holders.html", {
        "form": form, "page": page, "rows": rows, "query": query.urlencode(), "today": today,
    })


@login_required
def holders_export(request, fmt: str):
    _staff_only(request.user)
    today = timezone.localdate()
    qs = queries.holders_register(RegisterFilterForm(request.GET or None).to_filter(), today)
    rows = (queries.register_row(c, today) for c in qs.iterator(chunk_size=2000))
    if fmt == "csv":
        return exports.csv_response(rows, today)
    if fmt == "xlsx":
        return exports.xlsx_response(rows, today)
    raise Http404


@login_required
def holder_detail(request, certificate_pk: int):
    """The holder record (9.6.4): certificate, schedule, every surveillance result, renewals."""
    # Scope first (404 outside what the user may see), then the role (403).
    certificate = get_object_or_404(
        certificates_visible_to(request.user).select_related("superseded_by", "supersedes")
        .prefetch_related("surveillances__reviewed_by", "recertification_requests__application"),
        pk=certificate_pk,
    )
    _staff_only(request.user)
    today = timezone.localdate()
    return render(request, "surveillance/holder_detail.html", {
        "o": certificate_overview(certificate, today), "certificate": certificate, "today": today,
        "surveillances": certificate.surveillances.all(), "open_form": OpenForm(),
        "timeline": audit.timeline(certificate, *certificate.surveillances.all(),
                                   *certificate.recertification_requests.all()),
    })


@login_required
@require_POST
def open_for_holder(request, certificate_pk: int):
    certificate = get_object_or_404(certificates_visible_to(request.user), pk=certificate_pk)
    _staff_only(request.user)
    return act_on_form(request, OpenForm(request.POST), lambda data: services.open_for_holder(
        certificate=certificate, by=request.user, reason=data["reason"]),
        lambda surveillance: f"Surveilan {surveillance.reference} dibuka; pemegang sertifikat diberi tahu.",
        to=reverse("surveillance:holder_detail", args=[certificate.pk]),
        invalid="Tuliskan alasan surveilan dibuka (paling banyak 500 karakter).")


# --- recertification ------------------------------------------------------------------------------


@login_required
@require_POST
def recertify(request, certificate_pk: int):
    certificate = get_object_or_404(queries.certificates_of(request.user), pk=certificate_pk)
    if not permissions.can_apply_recertification(request.user, certificate):
        raise PermissionDenied
    req = attempt(request, lambda: services.request_recertification(certificate=certificate, by=request.user))
    if refused(req):
        return redirect("surveillance:my_surveillance")
    if req.needs_override:
        messages.warning(
            request, "Permohonan diterima tetapi melewati batas pengajuan; menunggu izin staf LSP sebelum diproses."
        )
    else:
        messages.success(
            request, f"Permohonan sertifikasi ulang {req.application.reference} dibuat dari data terakhir Anda."
        )
    return redirect(req)


@login_required
def recertification_list(request):
    """Recertification requests: filters and sort kept in the URL, the list as CSV/XLSX."""
    _staff_only(request.user)
    form = RecertificationFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    qs = queries.requests_visible_to(request.user)
    flagged_only = bool(data.get("terlambat"))
    if flagged_only:
        qs = qs.filter(status=RecertificationRequest.Status.MENUNGGU_IZIN)
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if search := (data.get("q") or "").strip():
        qs = qs.filter(Q(certificate__holder_name__icontains=search) | Q(certificate__number__icontains=search))
    qs, current = listing.sort(qs, request, RECERTIFICATION_COLUMNS, "-diajukan")
    if fmt := listing.export_format(request):
        return listing.export(fmt, name="sertifikasi-ulang", header=RECERTIFICATION_EXPORT, rows=qs,
                              values=lambda r: [r.requested_on, r.certificate.holder_name, r.certificate.number,
                                                r.certificate.valid_until, r.deadline, "ya" if r.is_late else "tidak",
                                                r.get_status_display(),
                                                r.application.reference if r.application_id else ""])
    page = BoundedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "surveillance/recertification_list.html", {
        "page": page, "flagged_only": flagged_only, "form": form,
        "headers": listing.headers(request, RECERTIFICATION_COLUMNS, current),
    })


RECERTIFICATION_COLUMNS: listing.Columns = {
    "diajukan": ("Diajukan", ("requested_at",)), "pemegang": ("Pemegang", ("certificate__holder_name",)),
    "sertifikat": ("Sertifikat lama", ("certificate__number",)),
    "berlaku": ("Berlaku sampai", ("certificate__valid_until",)), "status": ("Status", ("status",)),
}
RECERTIFICATION_EXPORT = ["Diajukan", "Pemegang", "Sertifikat lama", "Berlaku sampai", "Batas pengajuan", "Terlambat",
                          "Status", "Permohonan baru"]


@login_required
def recertification_detail(request, pk: int, form: ReasonForm | None = None, status: int = 200):
    req = get_object_or_404(queries.requests_visible_to(request.user), pk=pk)
    return render(request, "surveillance/recertification_detail.html", {
        "req": req, "new_certificate": queries.new_certificate_for(req),
        "application_url": services.application_url(req.application) if req.application_id else "",
        "is_staff": permissions.is_staff(request.user),
        "form": form or ReasonForm(), "timeline": audit.timeline(req),
    }, status=status)


@login_required
@require_POST
def recertification_decide(request, pk: int, move: str):
    req = get_object_or_404(queries.requests_visible_to(request.user), pk=pk)
    _staff_only(request.user)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return recertification_detail(request, pk, form=form, status=400)
    verb = {"izinkan": services.override_late_request, "tolak": services.refuse_late_request}.get(move)
    if verb is None:
        raise Http404
    return act(request, lambda: verb(request=req, by=request.user, reason=form.cleaned_data["reason"]),
               "Keputusan atas permohonan terlambat dicatat.", to=req)
