"""Thin views: the public filing and tracking pages (rate-limited), the complainant's own list, the
staff list and the case page with its actions."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from complaints import permissions, queries, services
from complaints.forms import AssignForm, CloseForm, FilingForm, SearchForm, TrackForm, ViolationForm
from complaints.models import Complaint
from skema_lsp import audit, listing, throttle
from skema_lsp.actions import act_on_form, attempt, refused
from skema_lsp.paging import BoundedPaginator
from skema_lsp.uploads import stored_upload_response
from skema_lsp.workdays import working_days_between

FILED_KEY = "complaints.filed"


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _throttled(request, template: str, context: dict):
    messages.error(request, "Terlalu banyak percobaan dari alamat Anda. Silakan coba lagi nanti.")
    response = render(request, template, context, status=429)
    response["Retry-After"] = throttle.retry_after(settings.COMPLAINT_RATE_WINDOW)
    return response


def _too_many(request, scope: str) -> bool:
    return throttle.too_many(request, scope, limit=settings.COMPLAINT_RATE_LIMIT,
                             window=settings.COMPLAINT_RATE_WINDOW)


def _initial(user) -> dict:
    if not user.is_authenticated:
        return {}
    return {"complainant_name": user.display_name, "complainant_email": user.email}


@never_cache
def file(request):
    """Public: anyone files a complaint, with or without an account."""
    form = FilingForm(request.POST or None, request.FILES or None, initial=_initial(request.user))
    if request.method == "POST":
        if _too_many(request, "pengaduan"):
            return _throttled(request, "complaints/file.html", {"form": form})
        if form.is_valid():
            data = form.cleaned_data
            filing = services.Filing(
                subject=data["subject"], description=data["description"], certificate=data["certificate"],
                complainant_name=data["complainant_name"], complainant_email=data["complainant_email"],
                complainant_phone=data["complainant_phone"], complainant_kind=data["complainant_kind"],
            )
            complaint = attempt(request, lambda: services.file_complaint(
                filing=filing, by=request.user, upload=data["attachment"]), form=form)
            if not refused(complaint):
                request.session[FILED_KEY] = complaint.pk
                return redirect("complaints:filed")
    return render(request, "complaints/file.html", {"form": form})


@never_cache
def filed(request):
    """The acknowledgement right after filing: the reference number on screen (also emailed)."""
    pk = request.session.get(FILED_KEY)
    complaint = Complaint.objects.filter(pk=pk).first() if isinstance(pk, int) else None
    if complaint is None:
        return redirect("complaints:file")
    return render(request, "complaints/filed.html", {"complaint": complaint})


@never_cache
def track(request):
    """Public: the complainant follows their complaint by its reference and email."""
    form = TrackForm(request.POST or None)
    complaint, searched = None, False
    if request.method == "POST":
        if _too_many(request, "pengaduan-lacak"):
            return _throttled(request, "complaints/track.html", {"form": form})
        if form.is_valid():
            searched = True
            complaint = services.track(form.cleaned_data["reference"], form.cleaned_data["email"])
    return render(request, "complaints/track.html", {"form": form, "complaint": complaint, "searched": searched})


@login_required
def my_complaints(request):
    items = Complaint.objects.filter(complainant=request.user).order_by("-filed_at", "-pk")
    return render(request, "complaints/my_complaints.html", {"items": items})


@login_required
def staff_list(request):
    _require(permissions.is_staff(request.user))
    form = SearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    items = queries.search(queries.visible_to(request.user), q=data.get("q", "").strip(),
                           status=data.get("status", ""), subject=data.get("subject", ""),
                           only_overdue=data.get("terlambat", False))
    items, current = listing.sort(items, request, STAFF_COLUMNS, "-diterima")
    today = timezone.localdate()
    if fmt := listing.export_format(request):
        return listing.export(fmt, name="pengaduan", header=STAFF_EXPORT, rows=items.select_related("handler"),
                              values=lambda c: [c.reference, c.complainant_name, c.get_complainant_kind_display(),
                                                c.get_subject_display(), c.certificate.number if c.certificate else "",
                                                c.received_on, c.due_on, c.handler.display_name if c.handler else "",
                                                c.get_status_display(),
                                                "ya" if c.is_open and c.due_on < today else "tidak"])
    page = BoundedPaginator(items, 50).get_page(request.GET.get("page"))
    return render(request, "complaints/list.html", {"form": form, "page": page, "items": page, "today": today,
                                                    "headers": listing.headers(request, STAFF_COLUMNS, current)})


STAFF_COLUMNS: listing.Columns = {
    "nomor": ("Nomor", ("year", "sequence")), "pengadu": ("Pengadu", ("complainant_name",)),
    "diadukan": ("Yang diadukan", ("subject",)), "diterima": ("Diterima", ("filed_at",)),
    "batas": ("Batas", ("due_on",)), "penangan": ("Penangan", ("handler__full_name",)),
    "status": ("Status", ("status",)),
}
# The complainant's email and phone stay out: the file is handed on, contact details are not.
STAFF_EXPORT = ["Nomor pengaduan", "Pengadu", "Jenis pengadu", "Yang diadukan", "Nomor sertifikat", "Diterima",
                "Batas penyelesaian", "Penangan", "Status", "Melewati batas"]


@login_required
def handling_list(request):
    items = queries.visible_to(request.user).filter(handler=request.user).order_by("due_on", "pk")
    return render(request, "complaints/handling_list.html", {"items": items, "today": timezone.localdate()})


def _complaint(request, pk: int) -> Complaint:
    return get_object_or_404(queries.visible_to(request.user), pk=pk)


@login_required
def detail(request, pk: int):
    complaint = _complaint(request, pk)
    user, today = request.user, timezone.localdate()
    context = {
        "complaint": complaint, "today": today, "handling": permissions.can_see_handling(user, complaint),
        "is_staff": permissions.is_staff(user),
        "working_days_left": working_days_between(today, complaint.due_on) if complaint.is_open else None,
    }
    if permissions.can_assign(user, complaint):
        form = AssignForm()
        context["assign_form"] = form
        context["candidates"] = [(m, services.handler_refusal(m, complaint)) for m in form.fields["handler"].queryset]
    if permissions.can_close(user, complaint):
        context["close_form"] = CloseForm()
    if permissions.is_staff(user) and services.violation_refusal(complaint) is None:
        context["violation_form"] = ViolationForm()
    if context["handling"]:
        context["timeline"] = audit.timeline(complaint)
    return render(request, "complaints/detail.html", context)


@login_required
@require_POST
def assign(request, pk: int):
    complaint = _complaint(request, pk)
    _require(permissions.is_staff(request.user))
    form = AssignForm(request.POST)
    return act_on_form(request, form, lambda data: services.assign_handler(
        complaint=complaint, handler=data["handler"], by=request.user),
        lambda _: f"{form.cleaned_data['handler'].display_name} ditetapkan sebagai penangan dan diberi tahu.",
        to=complaint, invalid="Pilih penangan pengaduan.", with_errors=True)


@login_required
@require_POST
def close(request, pk: int):
    complaint = _complaint(request, pk)
    _require(permissions.handles(request.user, complaint))
    return act_on_form(request, CloseForm(request.POST), lambda data: services.close_complaint(
        complaint=complaint, by=request.user, outcome=data["outcome"], text=data["text"]),
        "Pengaduan diselesaikan; hasilnya dikirim kepada pengadu.", to=complaint,
        invalid="Pilih hasil dan uraikan penanganannya.", with_errors=True)


@login_required
@require_POST
def violation(request, pk: int):
    complaint = _complaint(request, pk)
    _require(permissions.is_staff(request.user))
    form = ViolationForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Pilih jenis pelanggaran menurut 9.5.1.")
        return redirect(complaint)
    record = attempt(request, lambda: services.record_violation(
        complaint=complaint, category=form.cleaned_data["category"], by=request.user),
        "Pelanggaran dicatat berdasarkan pengaduan ini.")
    if refused(record):
        return redirect(complaint)
    return redirect("decisions:violation_detail", record.pk)


@login_required
def attachment(request, pk: int):
    complaint = _complaint(request, pk)
    return stored_upload_response(complaint.attachment, original_name=complaint.attachment_name,
                                  content_type=complaint.attachment_type)
