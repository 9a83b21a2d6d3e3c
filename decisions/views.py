"""Thin views: resolve the object through a visible_to() queryset (404), check the role (403), call
one service, add a message, redirect."""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from assessment import documents as assessment_documents
from assessment import services as assessment_services
from decisions import forms, queries, services, verification
from decisions.models import Certificate, MeetingCandidate
from decisions.permissions import (
    can_view_certificate,
    can_view_letters,
    involvements,
    is_director,
    is_staff,
    is_technical_member,
)
from decisions.verification import public_payload
from registration import documents as registration_documents
from skema_lsp import audit, listing, stages, throttle
from skema_lsp.actions import act_on_form, attempt, refused
from skema_lsp.errors import DomainError
from skema_lsp.paging import BoundedPaginator

# --- public verification (contract surface 4) -----------------------------------------------------


def _too_many(request) -> bool:
    return throttle.too_many(request, "verifikasi", limit=settings.VERIFICATION_RATE_LIMIT,
                             window=settings.VERIFICATION_RATE_WINDOW)


def _throttled(response):
    response["Retry-After"] = throttle.retry_after(settings.VERIFICATION_RATE_WINDOW)
    return response


def _throttled_html(request):
    return _throttled(render(request, "decisions/verification_throttled.html", status=429))


# What new_public_code() makes (URL-safe base64); anything else, a NUL byte included, is unknown.
PUBLIC_CODE = re.compile(r"[A-Za-z0-9_-]{1,40}")


def _public_answer(code: str) -> dict | None:
    return verification.public_answer(code) if PUBLIC_CODE.fullmatch(code) else None


@never_cache
def verification_search(request):
    """Public search by certificate number and name (both must match)."""
    form, result, searched = forms.VerificationSearchForm(request.GET or None), None, False
    if request.GET and _too_many(request):
        return _throttled_html(request)
    if form.is_bound and form.is_valid():
        searched = True
        result = queries.search_certificate(form.cleaned_data["nomor"], form.cleaned_data["nama"])
    return render(request, "decisions/verification_search.html", {
        "form": form, "result": result, "searched": searched,
        "payload": public_payload(result) if result else None, "bnsp_number": result.bnsp_number if result else "",
    })


# The page says when it was shown; the time is put in per request so the cached body has no
# per-request part (verification_detail).
SHOWN_AT = "<!--ditampilkan-pada-->"


def _shown_at(body: str) -> str:
    return body.replace(SHOWN_AT, date_format(timezone.localtime(), "j F Y H:i"), 1)


def _same_for_every_visitor(request) -> bool:
    """An anonymous visitor with no pending message and no query string sees exactly the page any
    other such visitor sees (the layout has no CSRF token or nonce for them: templates/base.html)."""
    return not request.GET and not request.user.is_authenticated and not len(messages.get_messages(request))


@never_cache
def verification_detail(request, code: str):
    """The public page, served from the per-code cache (decisions.verification) to anonymous
    visitors; every change of what it shows deletes the entry on commit."""
    if _too_many(request):
        return _throttled_html(request)
    if not PUBLIC_CODE.fullmatch(code):
        return render(request, "decisions/verification_not_found.html", status=404)
    today = timezone.localdate()
    shared = _same_for_every_visitor(request)
    if shared and (body := verification.cached_page(code, today)) is not None:
        return HttpResponse(_shown_at(body))
    answer = _public_answer(code)
    if answer is None:
        return render(request, "decisions/verification_not_found.html", status=404)
    body = render_to_string("decisions/verification_detail.html", {
        "payload": answer["payload"], "label": answer["label"], "bnsp_number": answer.get("bnsp", ""),
        "shown_at": SHOWN_AT, **signing_key_context(),
    }, request=request)
    if shared and answer["hari"] == today.isoformat():
        verification.keep_page(code, today, body)
    return HttpResponse(_shown_at(body))


def signing_key_context() -> dict:
    from decisions.documents import public_key_pem, public_key_text

    return {"public_key": public_key_text(), "public_key_pem": public_key_pem()}


@never_cache
def verification_json(request, code: str):
    if _too_many(request):
        return _throttled(JsonResponse({"status": "terlalu_banyak_permintaan"}, status=429))
    answer = _public_answer(code)
    if answer is None:
        return JsonResponse({"status": "tidak_ditemukan"}, status=404)
    return JsonResponse(answer["payload"])


# --- helpers ----------------------------------------------------------------------------------


def _require(predicate: bool) -> None:
    if not predicate:
        raise PermissionDenied


def _note(request) -> str | None:
    """The optional note of a NoteForm, or None (and a message) when what was sent is refused."""
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        return form.cleaned_data["note"]
    messages.error(request, "Tindakan tidak dijalankan: " + " ".join(e for errs in form.errors.values() for e in errs))
    return None


def _pdf_response(field, filename: str):
    if not field:
        raise Http404("Dokumen belum tersedia.")
    return FileResponse(field.open("rb"), content_type="application/pdf", as_attachment=True, filename=filename)


# --- meetings ---------------------------------------------------------------------------------


@login_required
def meetings(request):
    """Meetings with filters and sort kept in the URL; staff and the signatory can download the list."""
    _require(is_staff(request.user) or is_technical_member(request.user) or is_director(request.user))
    form = forms.MeetingListForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    items = queries.meetings_visible_to(request.user).select_related("letter")
    if search := (data.get("q") or "").strip():
        items = items.filter(Q(place__icontains=search) | Q(ba_number__icontains=search))
    if data.get("status"):
        items = items.filter(status=data["status"])
    if data.get("dari"):
        items = items.filter(date__gte=data["dari"])
    if data.get("sampai"):
        items = items.filter(date__lte=data["sampai"])
    items, current = listing.sort(items, request, MEETING_COLUMNS, "-tanggal")
    fmt = listing.export_format(request)
    can_export = is_staff(request.user) or is_director(request.user)
    if fmt and can_export:
        return listing.export(fmt, name="rapat-tim-teknis", header=MEETING_EXPORT, rows=items,
                              values=lambda m: [m.date, m.place, m.candidate_count, m.get_status_display(),
                                                m.ba_number, m.letter.number if hasattr(m, "letter") else "",
                                                m.letter.get_status_display() if hasattr(m, "letter") else ""])
    page = BoundedPaginator(items, 50).get_page(request.GET.get("page"))
    return render(request, "decisions/meetings.html", {
        "page": page, "can_create": is_staff(request.user), "can_open_letter": can_view_letters(request.user),
        "available": queries.candidates_available().count() if is_staff(request.user) else None,
        "form": form, "headers": listing.headers(request, MEETING_COLUMNS, current), "can_export": can_export,
    })


MEETING_COLUMNS: listing.Columns = {
    "tanggal": ("Tanggal", ("date",)), "tempat": ("Tempat", ("place",)),
    "asesi": ("Asesi", ("candidate_count",)), "status": ("Status", ("status",)),
}
MEETING_EXPORT = ["Tanggal", "Tempat", "Jumlah asesi", "Status", "Nomor berita acara", "Nomor SK", "Status SK"]


@login_required
def meeting_create(request):
    _require(is_staff(request.user))
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = attempt(request, lambda: services.create_meeting(by=request.user, **form.cleaned_data),
                          "Rapat tim teknis dibuat. Tambahkan asesi yang akan diputuskan.", form=form)
        if not refused(meeting):
            return redirect(meeting)
    return render(request, "decisions/meeting_form.html", {"form": form})


@login_required
def meeting_detail(request, pk: int):
    meeting = get_object_or_404(queries.meetings_visible_to(request.user), pk=pk)
    user = request.user
    entries = list(queries.meeting_candidates(meeting))
    members = list(meeting.members.order_by("full_name"))
    reasons = involvements(members, [entry.assessment for entry in entries])
    for entry in entries:
        votes = list(entry.votes.all())
        voted = {v.member_id for v in votes}
        entry.my_vote = next((v for v in votes if v.member_id == user.pk), None)
        entry.refusal = reasons.get((user.pk, entry.assessment_id), "")
        entry.has_decision = hasattr(entry, "decision")
        # 9.4.2: only uninvolved members decide, so only they are still awaited.
        entry.awaiting = [] if entry.has_decision else [
            m for m in members if m.pk not in voted and (m.pk, entry.assessment_id) not in reasons]
        # one form per row: its own ids, so each label and radio button belongs to its candidate
        entry.vote_form = forms.VoteForm(auto_id=f"suara-{entry.pk}-%s")
    is_member = is_technical_member(user) and any(m.pk == user.pk for m in members)
    return render(request, "decisions/meeting_detail.html", {
        "meeting": meeting, "entries": entries, "members": members,
        "is_staff": is_staff(user), "is_member": is_member, "quorum": services.quorum(),
        "awaiting": sorted({m for entry in entries for m in entry.awaiting}, key=lambda m: m.display_name),
        "letter": getattr(meeting, "letter", None), "can_open_letter": can_view_letters(user),
        "add_form": forms.AddCandidateForm(queryset=queries.candidates_available()) if is_staff(user) else None,
        "close_form": forms.CloseMeetingForm(meeting=meeting, auto_id="tutup-%s", initial={
            "attendees": sorted({v.member_id for entry in entries for v in entry.votes.all()})}),
        "timeline": audit.timeline(meeting) if is_staff(user) else None,
    })


@login_required
@require_POST
def meeting_add_candidate(request, pk: int):
    meeting = get_object_or_404(queries.meetings_visible_to(request.user), pk=pk)
    _require(is_staff(request.user))
    form = forms.AddCandidateForm(request.POST, queryset=queries.candidates_available())
    return act_on_form(request, form, lambda data: services.add_candidate(
        meeting=meeting, assessment=data["assessment"], by=request.user),
        "Asesi ditambahkan ke rapat.", to=meeting, invalid="Pilih asesi yang rekamannya lengkap.")


def _entry(request, pk: int, entry_pk: int) -> MeetingCandidate:
    meeting = get_object_or_404(queries.meetings_visible_to(request.user), pk=pk)
    return get_object_or_404(MeetingCandidate.objects.select_related(
        "meeting", "assessment__application__scheme", "assessment__application__applicant", "assessment__assessor",
    ), pk=entry_pk, meeting=meeting)


# The earlier stages' documents a decision rests on (9.4.1), shown to whoever may see the meeting:
# staff, the signatory and the meeting's own members (not other team members).
MEETING_DOCUMENTS = {
    "apl-01": ("APL-01", lambda a, nik: registration_documents.apl01_pdf(a.application, show_nik=nik)),
    "apl-02": ("APL-02", lambda a, nik: registration_documents.apl02_pdf(a.application, show_nik=nik)),
    "fr-ak-02": ("FR.AK.02", lambda a, nik: assessment_services.issued_document(a, "record_pdf")),
    "fr-ak-05": ("FR.AK.05", lambda a, nik: assessment_services.issued_document(a, "report_pdf")),
}


@login_required
def meeting_candidate(request, pk: int, entry_pk: int):
    """One candidate's file for the meeting: FR.AK.01 plan and consent, the test record per KUK, and
    links to APL-01/02, FR.AK.02 and FR.AK.05."""
    entry = _entry(request, pk, entry_pk)
    assessment = entry.assessment
    return render(request, "decisions/meeting_candidate.html", {
        "meeting": entry.meeting, "entry": entry, "assessment": assessment,
        "plan": assessment_documents.related(assessment, "plan"),
        "review": assessment_documents.related(assessment, "pre_assessment"),
        "sheet": assessment_documents.record_sheet(assessment),
    })


@login_required
def meeting_document(request, pk: int, entry_pk: int, document: str):
    entry = _entry(request, pk, entry_pk)
    if document not in MEETING_DOCUMENTS:
        raise Http404
    code, render_document = MEETING_DOCUMENTS[document]
    try:
        pdf = render_document(entry.assessment, request.user.is_staf)
    except DomainError as error:  # a record reopened after it was put on the agenda has no issued documents
        raise Http404(str(error)) from error
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{code}-{entry.assessment.reference}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def meeting_remove_candidate(request, pk: int, entry_pk: int):
    entry = _entry(request, pk, entry_pk)
    _require(is_staff(request.user))
    attempt(request, lambda: services.remove_candidate(entry=entry, by=request.user), "Asesi dikeluarkan dari rapat.")
    return redirect(entry.meeting)


@login_required
@require_POST
def meeting_vote(request, pk: int, entry_pk: int):
    entry = _entry(request, pk, entry_pk)
    _require(is_technical_member(request.user))
    return act_on_form(request, forms.VoteForm(request.POST), lambda data: services.cast_vote(
        entry=entry, member=request.user, **data),
        lambda decision: f"Keputusan tercatat: {decision.get_result_display()} (kuorum tercapai)."
        if decision else "Penilaian Anda tercatat; menunggu kuorum anggota.", to=entry.meeting,
        invalid="Pilih Kompeten atau Belum Kompeten.")


@login_required
@require_POST
def meeting_close(request, pk: int):
    meeting = get_object_or_404(queries.meetings_visible_to(request.user), pk=pk)
    _require(is_staff(request.user))
    form = forms.CloseMeetingForm(request.POST, meeting=meeting)
    return act_on_form(request, form, lambda data: services.close_meeting(
        meeting=meeting, by=request.user, attendees=data["attendees"]),
        "Rapat ditutup dan Berita Acara dibuat.", to=meeting, invalid="Centang anggota yang hadir dalam rapat.")


@login_required
def meeting_ba_pdf(request, pk: int):
    meeting = get_object_or_404(queries.meetings_visible_to(request.user), pk=pk)
    return _pdf_response(meeting.ba_pdf, f"berita-acara-{meeting.pk}.pdf")


@login_required
@require_POST
def letter_draft(request, pk: int):
    meeting = get_object_or_404(queries.meetings_visible_to(request.user), pk=pk)
    _require(is_staff(request.user))
    letter = attempt(request, lambda: services.draft_letter(meeting=meeting, by=request.user),
                     lambda letter: f"Draf SK {letter.number} disusun dan dikirim ke Direktur untuk disetujui.")
    return redirect(meeting if refused(letter) else letter)


# --- SK ---------------------------------------------------------------------------------------


@login_required
def sk_list(request):
    """Decision letters with filters and sort kept in the URL, and the list as CSV/XLSX."""
    _require(is_staff(request.user) or is_director(request.user))
    form = forms.LetterListForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    items = queries.letters_visible_to(request.user)
    if search := (data.get("q") or "").strip():
        items = items.filter(Q(number__icontains=search) | Q(meeting__ba_number__icontains=search))
    if data.get("status"):
        items = items.filter(status=data["status"])
    items, current = listing.sort(items, request, LETTER_COLUMNS, "status")
    if fmt := listing.export_format(request):
        return listing.export(fmt, name="surat-keputusan", header=LETTER_EXPORT, rows=items,
                              values=lambda sk: [sk.number, sk.meeting.date, sk.meeting.ba_number,
                                                 sk.get_status_display(), sk.drafted_at, sk.approved_at,
                                                 sk.approved_by.display_name if sk.approved_by else ""])
    page = BoundedPaginator(items, 50).get_page(request.GET.get("page"))
    return render(request, "decisions/sk_list.html", {
        "page": page, "form": form, "headers": listing.headers(request, LETTER_COLUMNS, current),
    })


# "status" first puts drafts (waiting for the signatory) on top, newest first within a status.
LETTER_COLUMNS: listing.Columns = {
    "nomor": ("Nomor", ("year", "sequence")), "rapat": ("Rapat", ("meeting__date",)),
    "status": ("Status", ("status", "-drafted_at")), "disusun": ("Disusun", ("drafted_at",)),
    "disetujui": ("Disetujui", ("approved_at",)),
}
LETTER_EXPORT = ["Nomor SK", "Tanggal rapat", "Nomor berita acara", "Status", "Disusun", "Disetujui", "Disetujui oleh"]


@login_required
def sk_detail(request, pk: int):
    letter = get_object_or_404(queries.letters_visible_to(request.user), pk=pk)
    decisions = list(services.letter_decisions(letter).prefetch_related("certificates"))
    certificates = [c for d in decisions for c in d.certificates.all()]
    pending = [d for d in decisions if d.is_kompeten and not d.certificates.all()]
    return render(request, "decisions/sk_detail.html", {
        "letter": letter, "decisions": decisions, "certificates": certificates,
        "rendered": sum(1 for c in certificates if c.pdf),
        "can_approve": is_director(request.user) and not services.drafted_it(request.user, letter),
        "drafted_by_me": services.drafted_it(request.user, letter),
        "pending": pending, "held": queries.fees_outstanding([d.application for d in pending]),
        "is_staff": is_staff(request.user), "return_form": forms.ReturnLetterForm(auto_id="kembali-%s"),
    })


@login_required
@require_POST
def sk_approve(request, pk: int):
    letter = get_object_or_404(queries.letters_visible_to(request.user), pk=pk)
    _require(is_director(request.user))
    issued = attempt(request, lambda: services.approve_letter(letter=letter, by=request.user),
                     lambda issued: f"SK {letter.number} disetujui; {len(issued)} sertifikat diterbitkan.")
    if not refused(issued):
        _tell_held(request, letter)
    return redirect(letter)


@login_required
@require_POST
def sk_return(request, pk: int):
    letter = get_object_or_404(queries.letters_visible_to(request.user), pk=pk)
    _require(is_director(request.user))
    return act_on_form(request, forms.ReturnLetterForm(request.POST), lambda data: services.return_letter(
        letter=letter, by=request.user, reason=data["reason"]),
        f"Draf SK {letter.number} dikembalikan ke staf.", to=letter, invalid="Tuliskan alasan pengembalian draf SK.")


@login_required
@require_POST
def sk_resubmit(request, pk: int):
    letter = get_object_or_404(queries.letters_visible_to(request.user), pk=pk)
    _require(is_staff(request.user))
    attempt(request, lambda: services.resubmit_letter(letter=letter, by=request.user),
            f"Draf SK {letter.number} diajukan kembali ke Direktur.")
    return redirect(letter)


def _tell_held(request, letter) -> None:
    """Why certificates of Kompeten candidates are still held (9.4.7: the fee must be settled)."""
    pending = [d.application for d in services.letter_decisions(letter).filter(
        result="K", certificates__isnull=True)]
    held = queries.fees_outstanding(pending)
    if held:
        who = "; ".join(f"{application.full_name or application.applicant.display_name} ({status})"
                        for application, status in held)
        messages.warning(request, f"Sertifikat tertunda karena biaya sertifikasi belum lunas: {who}. "
                                  "Sertifikat dapat diterbitkan setelah pembayaran dikonfirmasi staf.")


@login_required
@require_POST
def sk_issue_pending(request, pk: int):
    letter = get_object_or_404(queries.letters_visible_to(request.user), pk=pk)
    _require(is_staff(request.user) or is_director(request.user))
    issued = attempt(request, lambda: services.issue_pending_certificates(letter=letter, by=request.user),
                     lambda issued: f"{len(issued)} sertifikat diterbitkan: {', '.join(c.number for c in issued)}."
                     if issued else "")
    if not refused(issued):
        _tell_held(request, letter)
    return redirect(letter)


@login_required
def sk_pdf(request, pk: int):
    """The approved SK as stored; before approval a preview of the draft, marked DRAF."""
    letter = get_object_or_404(queries.letters_visible_to(request.user), pk=pk)
    if letter.pdf:
        return _pdf_response(letter.pdf, f"sk-{letter.pk}.pdf")
    from decisions.documents import render_letter

    response = HttpResponse(render_letter(letter, draft=True), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="draf-sk-{letter.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- certificates -----------------------------------------------------------------------------


@login_required
def certificates(request):
    """Staff's certificate list: search, filters and sort in the URL; the same list as CSV/XLSX."""
    _require(is_staff(request.user) or is_director(request.user))
    today = timezone.localdate()
    # Every column is a snapshot on the certificate row: no join (the holder and scheme rows of 50
    # certificates were a third of the page's cost).
    items = queries.certificates_visible_to(request.user).select_related(None)
    form = forms.CertificateSearchForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    for field, errors in form.errors.items():
        what = "Kata pencarian" if field == "q" else f"Filter {form.fields[field].label.lower()}"
        messages.error(request, f"{what} tidak valid: " + " ".join(errors))
    search = (filters.get("q") or "").strip()
    if search:
        items = items.filter(Q(number__icontains=search) | Q(holder_name__icontains=search))
    if filters.get("status"):
        items = items.filter(queries.status_q(filters["status"], today))
    if filters.get("scheme"):
        items = items.filter(scheme=filters["scheme"])
    if filters.get("year"):
        items = items.filter(issued_on__year=filters["year"])
    if request.GET.get("usulan") == "1":  # suspensions past their remediation deadline (9.5.2)
        items = items.filter(status=Certificate.Status.DIBEKUKAN, revocation_proposed_at__isnull=False)
    items, current = listing.sort(items, request, CERTIFICATE_COLUMNS, "-terbit")
    fmt = listing.export_format(request)
    if fmt:
        return listing.export(fmt, name="sertifikat", header=CERTIFICATE_EXPORT, rows=items.iterator(chunk_size=2000),
                              values=lambda c: [c.number, c.holder_name, c.scheme_name, c.issued_on, c.valid_until,
                                                c.effective_status_label(today), c.public_reason(today) or ""])
    page = BoundedPaginator(items, 50).get_page(request.GET.get("page"))
    return render(request, "decisions/certificates.html", {
        "page": page, "form": form, "q": search, "today": today,
        "headers": listing.headers(request, CERTIFICATE_COLUMNS, current),
    })


CERTIFICATE_COLUMNS: listing.Columns = {
    "nomor": ("Nomor", ("number",)), "pemegang": ("Pemegang", ("holder_name",)), "skema": ("Skema", ("scheme_name",)),
    "terbit": ("Terbit", ("issued_on",)), "berlaku": ("Berlaku sampai", ("valid_until",)),
}
CERTIFICATE_EXPORT = ["Nomor sertifikat", "Nama pemegang", "Skema", "Tanggal terbit", "Berlaku sampai", "Status",
                      "Keterangan"]


@login_required
def my_certificates(request):
    items = Certificate.objects.filter(holder=request.user).select_related("scheme").order_by("-issued_on", "-pk")
    decisions = list(queries.decisions_of(request.user).order_by("-decided_at")[:20])
    for decision in decisions:
        decision.links = stages.decision_links(decision)
    return render(request, "decisions/my_certificates.html", {
        "items": items, "decisions": decisions, "today": timezone.localdate(),
    })


@login_required
def certificate_detail(request, pk: int):
    certificate = get_object_or_404(queries.certificates_visible_to(request.user), pk=pk)
    staff = is_staff(request.user)
    return render(request, "decisions/certificate_detail.html", {
        "certificate": certificate, "is_staff": staff, "today": timezone.localdate(),
        "violations": certificate.violations.all() if staff or is_director(request.user) else None,
        # each form on this page gets its own id prefix: two "id_reason" inputs would share one label
        "suspension_form": forms.SuspensionForm(auto_id="bekukan_%s"),
        "note_form": forms.NoteForm(auto_id="pulihkan_%s"),
        "lapsed_form": forms.LapsedSuspensionForm(auto_id="usul_%s") if is_director(request.user) else None,
        "is_holder": certificate.holder_id == request.user.pk,
        "returned_form": forms.NoteForm(auto_id="kembali_%s"),
        "reissue_form": forms.ReissueForm(auto_id="terbit_ulang_%s", initial={"holder_name": certificate.holder_name}),
        "timeline": audit.timeline(certificate) if staff else None,
        "revisions": certificate.revisions.select_related("replaced_by") if staff else None,
    })


@login_required
def certificate_download(request, pk: int):
    certificate = get_object_or_404(queries.certificates_visible_to(request.user), pk=pk)
    _require(can_view_certificate(request.user, certificate))
    return _pdf_response(certificate.pdf, f"sertifikat-{certificate.number.replace('/', '-')}.pdf")


@login_required
def certificate_revision_download(request, pk: int, revision: int):
    """An earlier PDF of the certificate, exactly as it was stored (staff only)."""
    certificate = _staff_certificate(request, pk)
    kept = get_object_or_404(certificate.revisions, pk=revision)
    return _pdf_response(kept.file, f"sertifikat-{certificate.number.replace('/', '-')}-revisi-{kept.pk}.pdf")


def _staff_certificate(request, pk: int) -> Certificate:
    # Scope first (404 outside what the user may see), then the role (403): nothing leaks either way.
    certificate = get_object_or_404(queries.certificates_visible_to(request.user), pk=pk)
    _require(is_staff(request.user))
    return certificate


def _suspend(request, certificate: Certificate, violation=None, *, to):
    return act_on_form(request, forms.SuspensionForm(request.POST), lambda data: services.suspend_certificate(
        certificate=certificate, by=request.user, violation=violation, **data),
        "Sertifikat dibekukan; pemegang diberi tahu.", to=to, invalid="Pembekuan tidak dijalankan:", with_errors=True)


@login_required
@require_POST
def certificate_suspend(request, pk: int):
    certificate = _staff_certificate(request, pk)
    return _suspend(request, certificate, to=certificate)


@login_required
@require_POST
def certificate_lapsed_decide(request, pk: int):
    """The signatory decides on a suspension whose remediation deadline passed (9.5.2)."""
    certificate = get_object_or_404(queries.certificates_visible_to(request.user), pk=pk)
    _require(is_director(request.user))
    return act_on_form(request, forms.LapsedSuspensionForm(request.POST), lambda data: (
        services.decide_lapsed_suspension(certificate=certificate, by=request.user, **data)),
        "Keputusan atas usulan pencabutan dicatat.", to=certificate, with_errors=True)


@login_required
@require_POST
def certificate_acknowledge(request, pk: int):
    """The holder acknowledges the rules on the use of the certificate (9.8.1–9.8.3)."""
    certificate = get_object_or_404(queries.certificates_visible_to(request.user), pk=pk)
    _require(certificate.holder_id == request.user.pk)
    attempt(request, lambda: services.acknowledge_rules(certificate=certificate, by=request.user),
         "Terima kasih; persetujuan Anda atas ketentuan penggunaan sertifikat telah dicatat.")
    return redirect(certificate)


@login_required
@require_POST
def certificate_reinstate(request, pk: int):
    certificate = get_object_or_404(queries.certificates_visible_to(request.user), pk=pk)
    _require(is_staff(request.user) or is_director(request.user))
    note = _note(request)
    if note is not None:
        attempt(request, lambda: services.reinstate_certificate(certificate=certificate, by=request.user, note=note),
                "Sertifikat dipulihkan; pemegang diberi tahu.")
    return redirect(certificate)


@login_required
@require_POST
def certificate_returned(request, pk: int):
    certificate = _staff_certificate(request, pk)
    note = _note(request)
    if note is not None:
        attempt(request, lambda: services.mark_certificate_returned(certificate=certificate, by=request.user,
                                                                    note=note),
                "Pengembalian sertifikat dicatat.")
    return redirect(certificate)


@login_required
@require_POST
def certificate_reissue(request, pk: int):
    certificate = _staff_certificate(request, pk)
    form = forms.ReissueForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Nama dan alasan penerbitan ulang wajib diisi.")
        return redirect(certificate)
    new = attempt(request, lambda: services.reissue_certificate(certificate=certificate, by=request.user,
                                                                **form.cleaned_data),
                  lambda new: f"Sertifikat pengganti {new.number} diterbitkan.")
    return redirect(certificate if refused(new) else new)


# --- violations (9.5) -------------------------------------------------------------------------


@login_required
def violation_create(request, pk: int):
    certificate = _staff_certificate(request, pk)
    form = forms.ViolationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        violation = attempt(request, lambda: services.record_violation(certificate=certificate, by=request.user,
                                                                       **form.cleaned_data),
                            "Pelanggaran dicatat.", form=form)
        if not refused(violation):
            return redirect("decisions:violation_detail", violation.pk)
    return render(request, "decisions/violation_form.html", {"form": form, "certificate": certificate})


@login_required
def violation_detail(request, pk: int):
    violation = get_object_or_404(queries.violations_visible_to(request.user), pk=pk)
    return render(request, "decisions/violation_detail.html", {
        "violation": violation, "certificate": violation.certificate, "is_staff": is_staff(request.user),
        "suspension_form": forms.SuspensionForm(auto_id="bekukan_%s", initial={"category": "pelanggaran"}),
        "is_director": is_director(request.user), "warning_form": forms.WarningForm(),
        # the propose and close forms can show together: distinct id prefixes keep their labels apart
        "note_form": forms.NoteForm(auto_id="usul_%s"), "close_form": forms.NoteForm(auto_id="tutup_%s"),
        "decide_form": forms.RevocationDecisionForm(),
        "ignored": violation.warning_ignored(), "timeline": audit.timeline(violation),
    })


@login_required
def violation_evidence(request, pk: int):
    violation = get_object_or_404(queries.violations_visible_to(request.user), pk=pk)
    return FileResponse(violation.evidence.open("rb"), as_attachment=True,
                        filename=f"bukti-pelanggaran-{violation.pk}.{violation.evidence.name.rsplit('.', 1)[-1]}")


def _violation_action(request, pk: int, staff_only: bool = True):
    violation = get_object_or_404(queries.violations_visible_to(request.user), pk=pk)
    _require(is_staff(request.user) if staff_only else is_director(request.user))
    return violation


@login_required
@require_POST
def violation_warn(request, pk: int):
    violation = _violation_action(request, pk)
    return act_on_form(request, forms.WarningForm(request.POST), lambda data: services.warn_holder(
        violation=violation, by=request.user, **data), "Peringatan dikirim kepada pemegang sertifikat.",
        to=reverse("decisions:violation_detail", args=[violation.pk]), with_errors=True)


@login_required
@require_POST
def violation_suspend(request, pk: int):
    violation = _violation_action(request, pk)
    return _suspend(request, violation.certificate, violation,
                    to=reverse("decisions:violation_detail", args=[violation.pk]))


@login_required
@require_POST
def violation_propose(request, pk: int):
    violation = _violation_action(request, pk)
    note = _note(request)
    if note is not None:
        attempt(request, lambda: services.propose_revocation(violation=violation, by=request.user, note=note),
                "Usulan pencabutan dikirim kepada Direktur.")
    return redirect("decisions:violation_detail", violation.pk)


@login_required
@require_POST
def violation_decide(request, pk: int):
    violation = _violation_action(request, pk, staff_only=False)
    return act_on_form(request, forms.RevocationDecisionForm(request.POST), lambda data: services.decide_revocation(
        violation=violation, by=request.user, **data), "Keputusan atas usulan pencabutan dicatat.",
        to=reverse("decisions:violation_detail", args=[violation.pk]),
        invalid="Pilih setujui atau tolak usulan pencabutan.")


@login_required
@require_POST
def violation_close(request, pk: int):
    violation = _violation_action(request, pk)
    note = _note(request)
    if note is not None:
        attempt(request, lambda: services.close_violation(violation=violation, by=request.user, note=note),
                "Catatan pelanggaran ditutup.")
    return redirect("decisions:violation_detail", violation.pk)


# --- competence records of technical-team and appeal-panel members (9.4.3) -------------------------


@login_required
def competence(request):
    _require(is_staff(request.user))
    form = forms.CompetenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not refused(attempt(request, lambda: services.record_competence(
                person=data["person"], kind=data["kind"], title=data["title"], issuer=data["issuer"],
                obtained_on=data["obtained_on"], upload=data["document"], by=request.user),
                "Rekaman kompetensi dicatat.", form=form)):
            return redirect("decisions:competence")
    people = services.competence_people().prefetch_related("competence_records", "groups")
    return render(request, "decisions/competence.html", {"form": form, "people": people})


@login_required
def competence_document(request, pk: int):
    from decisions.models import CompetenceRecord
    from skema_lsp.uploads import stored_upload_response

    # Personnel records are staff's: for anyone else the record does not exist (404).
    records = CompetenceRecord.objects.exclude(document="")
    record = get_object_or_404(records if is_staff(request.user) else records.none(), pk=pk)

    return stored_upload_response(record.document, original_name=record.document_name,
                                  content_type=record.document_type)
