"""Staff page: the reminders the sweep has sent (the SentReminder claims), with filters."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse

from skema_lsp import listing
from skema_lsp.models import SentReminder
from skema_lsp.paging import BoundedPaginator

PAGE_SIZE = 50

KIND_LABELS = {
    "registration.incomplete": "Permohonan belum lengkap",
    "assessment.declaration_waiting": "Pernyataan bebas konflik asesor",
    "assessment.assigned": "Asesor ditugaskan, rencana belum diajukan",
    "assessment.plan_waiting": "Rencana asesmen menunggu persetujuan",
    "assessment.schedule": "Jadwal uji kompetensi",
    "exams.session": "Jadwal uji kompetensi (kelompok, H-1)",
    "appeals.window_closing": "Hari terakhir pengajuan banding",
    "appeals.resolution_5": "Banding: 5 hari kerja tersisa",
    "appeals.resolution_2": "Banding: 2 hari kerja tersisa",
    "appeals.overdue": "Banding melewati batas keputusan",
    "surveillance_due_30": "Surveilan jatuh tempo 30 hari lagi",
    "surveillance_due_7": "Surveilan jatuh tempo 7 hari lagi",
    "surveillance_overdue": "Surveilan terlambat (pemegang)",
    "surveillance_overdue_staff": "Surveilan terlambat (staf)",
    "recertification_6m": "Sertifikasi ulang: 6 bulan sebelum berakhir",
    "recertification_3m": "Sertifikasi ulang: 3 bulan sebelum berakhir",
    "recertification_deadline": "Batas pengajuan sertifikasi ulang",
    "decisions.certificate_expired": "Sertifikat kedaluwarsa",
    "decisions.warning_lapsed": "Batas peringatan pelanggaran terlewati",
    "accounts.correction_due": "Permintaan koreksi/pembatasan data: jatuh tempo 3×24 jam",
    "accounts.correction_overdue": "Permintaan koreksi/pembatasan data: melewati 3×24 jam",
    "accounts.breach_notice_due": "Pemberitahuan kebocoran data: jatuh tempo 3×24 jam",
    "accounts.breach_notice_overdue": "Pemberitahuan kebocoran data: melewati 3×24 jam",
}

# Where the reminded object lives, by "app_label.model" (no query per row).
OBJECT_URLS = {
    "registration.application": "registration:review",
    "assessment.assessment": "assessment:detail",
    "decisions.certificate": "decisions:certificate_detail",
    "decisions.violation": "decisions:violation_detail",
    "appeals.appeal": "appeals:detail",
    "accounts.correctionrequest": "correction_detail",
    "accounts.breachincident": "breach_detail",
}


class SentReminderFilter(forms.Form):
    kind = forms.ChoiceField(label="Jenis", required=False, choices=[("", "Semua"), *KIND_LABELS.items()])
    recipient = forms.CharField(label="Penerima (nama/username)", required=False)
    due_from = forms.DateField(label="Jatuh tempo dari", required=False,
                               widget=forms.DateInput(attrs={"type": "date"}))
    due_to = forms.DateField(label="Jatuh tempo sampai", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sent_from = forms.DateField(label="Dikirim dari", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    sent_to = forms.DateField(label="Dikirim sampai", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def filter(self, queryset: QuerySet[SentReminder]) -> QuerySet[SentReminder]:
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["kind"]:
            queryset = queryset.filter(kind=data["kind"])
        if data["recipient"]:
            term = data["recipient"].strip()
            # By username or name only: the filter is a GET form, and an email must not end up in a URL.
            queryset = queryset.filter(Q(recipient__username__icontains=term) | Q(recipient__full_name__icontains=term))
        if data["due_from"]:
            queryset = queryset.filter(due_date__gte=data["due_from"])
        if data["due_to"]:
            queryset = queryset.filter(due_date__lte=data["due_to"])
        if data["sent_from"]:
            queryset = queryset.filter(sent_at__date__gte=data["sent_from"])
        if data["sent_to"]:
            queryset = queryset.filter(sent_at__date__lte=data["sent_to"])
        return queryset


def _object_url(reminder: SentReminder) -> str:
    name = OBJECT_URLS.get(f"{reminder.content_type.app_label}.{reminder.content_type.model}")
    try:
        return reverse(name, args=[reminder.object_id]) if name else ""
    except NoReverseMatch:
        return ""


@login_required
def sent_reminders(request):
    if not request.user.is_staf:
        raise PermissionDenied("Hanya staf LSP yang dapat melihat daftar pengingat.")
    form = SentReminderFilter(request.GET or None)
    queryset = form.filter(SentReminder.objects.select_related("recipient", "content_type"))
    queryset, current = listing.sort(queryset, request, COLUMNS, "-dikirim")
    if fmt := listing.export_format(request):
        # The recipient's email stays out, as it does from the filter (it must not travel further).
        return listing.export(fmt, name="pengingat-terkirim", header=EXPORT, rows=queryset,
                              values=lambda r: [r.sent_at, KIND_LABELS.get(r.kind, r.kind), r.subject,
                                                r.recipient.display_name, r.recipient.username, r.due_date,
                                                f"{r.content_type.name} #{r.object_id}"])
    page = BoundedPaginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(r, KIND_LABELS.get(r.kind, r.kind), _object_url(r)) for r in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "skema_lsp/sent_reminders.html",
                  {"form": form, "page": page, "rows": rows, "query": query.urlencode(),
                   "headers": listing.headers(request, COLUMNS, current)})


COLUMNS: listing.Columns = {
    "dikirim": ("Dikirim", ("sent_at",)), "jenis": ("Jenis", ("kind",)), "judul": ("Judul", ("subject",)),
    "penerima": ("Penerima", ("recipient__full_name",)), "jatuh_tempo": ("Jatuh tempo", ("due_date",)),
}
EXPORT = ["Dikirim", "Jenis", "Judul", "Penerima", "Nama pengguna", "Jatuh tempo", "Objek"]
