from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from appeals import permissions, queries, services
from appeals.forms import FilingForm, PanelForm, RemedyForm, StaffListFilterForm, VoteForm
from appeals.models import Appeal
from skema_lsp import audit, listing
from skema_lsp.actions import act, act_on_form, attempt, refused
from skema_lsp.paging import BoundedPaginator
from skema_lsp.uploads import stored_upload_response
from skema_lsp.workdays import working_days_between


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _appeal(request, pk: int) -> Appeal:
    return get_object_or_404(queries.visible_to(request.user), pk=pk)


def _candidate_decision(request, decision_pk: int):
    # Scope first (404 for someone else's decision), then the role (403).
    decision = get_object_or_404(queries.decisions_for_candidate(request.user), pk=decision_pk)
    _require(permissions.is_candidate(request.user))
    return decision


@login_required
def my_appeals(request):
    """The candidate's decisions, each with its appeal or the button to file one while the window is open."""
    _require(permissions.is_candidate(request.user))
    now = timezone.now()
    rows = []
    for decision in queries.decisions_for_candidate(request.user):
        appeal = getattr(decision, "appeal", None)
        rows.append({
            "decision": decision, "appeal": appeal, "closes_at": services.filing_closes_at(decision),
            # Same rules as services.filing_refusal, from the rows already loaded (no query per row).
            "can_file": appeal is None and not decision.corrects_id and not decision.awaits_notice
            and services.window_is_open(decision, now),
        })
    return render(request, "appeals/my_appeals.html", {"rows": rows})


@login_required
def file_appeal(request, decision_pk: int):
    decision = _candidate_decision(request, decision_pk)
    refusal = services.filing_refusal(decision, request.user)
    if refusal:
        # The form is gone after the window closes; a direct POST gets the same clear refusal.
        if request.method == "POST":
            messages.error(request, refusal)
            return redirect("appeals:my_appeals")
        return render(request, "appeals/file.html", {"decision": decision, "refusal": refusal})
    form = FilingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        answers = services.FilingAnswers(
            process_explained=data["process_explained"], discussed_with_assessor=data["discussed_with_assessor"],
            involves_other_person=data["involves_other_person"], reasons=data["reasons"],
        )
        appeal = attempt(request, lambda: services.file_appeal(
            decision=decision, by=request.user, answers=answers, attachments=data["attachments"]),
            lambda appeal: f"Banding Anda telah diterima dengan nomor {appeal.reference}. "
                           f"Tanda terima juga dikirim ke email Anda.")
        return redirect("appeals:my_appeals" if refused(appeal) else appeal)
    return render(request, "appeals/file.html", {
        "decision": decision, "form": form, "closes_at": services.filing_closes_at(decision),
    })


@login_required
def staff_list(request):
    """Every appeal for staff: search, filters and sort kept in the URL; the same list as CSV/XLSX."""
    _require(permissions.is_staff(request.user))
    today = timezone.localdate()
    appeals = queries.with_counts(queries.visible_to(request.user))
    form = StaffListFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    search = (filters.get("q") or "").strip()
    if search:
        appeals = appeals.filter(Q(reference__icontains=search) | Q(appellant__full_name__icontains=search))
    if filters.get("status"):
        appeals = appeals.filter(status=filters["status"])
    only_overdue = bool(filters.get("terlambat"))
    if only_overdue:
        appeals = appeals.filter(pk__in=queries.overdue(today).values("pk"))
    appeals, current = listing.sort(appeals, request, STAFF_COLUMNS, "batas")
    fmt = listing.export_format(request)
    if fmt:
        return listing.export(fmt, name="banding", header=STAFF_EXPORT, rows=appeals.iterator(chunk_size=2000),
                              values=lambda a: [a.reference, a.appellant.display_name,
                                                a.decision.assessment.application.scheme.name, a.received_on,
                                                a.due_on, a.get_status_display(),
                                                "ya" if a.is_open and a.due_on < today else "tidak"])
    page = BoundedPaginator(appeals, 50).get_page(request.GET.get("page"))
    return render(request, "appeals/list.html", {
        "appeals": page, "page": page, "title": "Daftar banding", "only_overdue": only_overdue, "staff_view": True,
        "today": today, "form": form, "headers": listing.headers(request, STAFF_COLUMNS, current),
    })


STAFF_COLUMNS: listing.Columns = {
    "nomor": ("Nomor", ("reference",)), "asesi": ("Asesi", ("appellant__full_name",)),
    "diterima": ("Diterima", ("received_on",)), "batas": ("Batas keputusan", ("due_on",)),
    "status": ("Status", ("status",)),
}
STAFF_EXPORT = ["Nomor banding", "Asesi", "Skema", "Diterima", "Batas keputusan", "Status", "Melewati batas"]


@login_required
def panel_list(request):
    _require(permissions.is_panel_user(request.user))
    appeals = queries.with_counts(queries.visible_to(request.user).filter(panel__member=request.user))
    page = BoundedPaginator(appeals, 50).get_page(request.GET.get("page"))
    return render(request, "appeals/list.html", {
        "appeals": page, "page": page, "title": "Banding yang saya periksa", "today": timezone.localdate(),
    })


@login_required
def detail(request, pk: int):
    appeal = _appeal(request, pk)
    user = request.user
    today = timezone.localdate()
    context = {
        "appeal": appeal, "decision": appeal.decision, "today": today,
        "working_days_left": working_days_between(today, appeal.due_on) if appeal.is_open else None,
        "panel": appeal.panel.select_related("member"),
        "attachments": appeal.attachments.all(),
        "show_votes": permissions.can_see_votes(user, appeal),
        "votes": appeal.votes.select_related("member"),
        "is_staff": permissions.is_staff(user),
    }
    if permissions.can_form_panel(user, appeal):
        context["panel_form"] = PanelForm()
        context["candidates"] = [(m, services.panel_refusal(m, appeal))
                                 for m in context["panel_form"].fields["members"].queryset]
    if permissions.can_vote(user, appeal):
        context["vote_form"] = VoteForm()
    if permissions.can_order_remedy(user, appeal):
        context["remedy_form"] = RemedyForm()
        context["original_assessor"] = services.original_assessor(appeal)
    if permissions.is_staff(user):
        context["timeline"] = audit.timeline(appeal)
    return render(request, "appeals/detail.html", context)


@login_required
@require_POST
def form_panel(request, pk: int):
    appeal = _appeal(request, pk)
    _require(permissions.is_staff(request.user))
    return act_on_form(request, PanelForm(request.POST), lambda data: services.form_panel(
        appeal=appeal, members=list(data["members"]), by=request.user),
        "Tim banding telah dibentuk dan anggotanya diberi tahu.", to=appeal, invalid="Pilih anggota tim banding.")


@login_required
@require_POST
def vote(request, pk: int):
    appeal = _appeal(request, pk)
    _require(permissions.sits_on_panel(request.user, appeal))
    return act_on_form(request, VoteForm(request.POST), lambda data: services.cast_vote(
        appeal=appeal, by=request.user, result=data["result"], reasons=data["reasons"]),
        "Pendapat Anda telah dicatat.", to=appeal, invalid="Pilih pendapat dan tuliskan alasannya.")


@login_required
@require_POST
def remedy(request, pk: int):
    appeal = _appeal(request, pk)
    _require(permissions.is_staff(request.user))
    form = RemedyForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect(appeal)
    data = form.cleaned_data
    if data["remedy"] == Appeal.Remedy.REASSESSMENT:
        return act(request, lambda: services.order_reassessment(appeal=appeal, by=request.user, note=data["note"]),
                   "Asesmen ulang telah dibuka; asesor semula dikecualikan.", to=appeal)
    return act(request, lambda: services.order_corrected_decision(appeal=appeal, by=request.user, note=data["note"]),
               "Keputusan dikembalikan ke rapat tim teknis; keputusan koreksi ditetapkan di sana dan disampaikan "
               "dengan SK.", to=appeal)


@login_required
def letter(request, pk: int):
    appeal = _appeal(request, pk)
    if not appeal.letter_pdf:
        raise Http404
    return FileResponse(appeal.letter_pdf.open("rb"), content_type="application/pdf",
                        filename=f"keputusan-banding-{appeal.file_stem}.pdf")


@login_required
def form_pdf(request, pk: int):
    """The appeal form itself (FR.AK.04) as the candidate filed it, printable."""
    from django.conf import settings
    from django.http import HttpResponse

    from skema_lsp.pdf import render_pdf

    appeal = _appeal(request, pk)
    decision = appeal.decision
    pdf = render_pdf("appeals/pdf/fr_ak_04.html", {
        "appeal": appeal, "decision": decision, "application": decision.assessment.application,
        "assessment": decision.assessment, "lsp_name": settings.LSP_NAME,
    })
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="fr-ak-04-{appeal.file_stem}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def attachment(request, pk: int, attachment_pk: int):
    appeal = _appeal(request, pk)
    item = get_object_or_404(appeal.attachments, pk=attachment_pk)
    return stored_upload_response(item.file, original_name=item.original_name, content_type=item.content_type,
                                  as_attachment=False)
