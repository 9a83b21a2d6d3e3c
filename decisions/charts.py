"""Dashboard charts of the decision stage (skema_lsp/charts.py): the staff's funnel of this month's
applications through to the certificate, K/BK per scheme and certificates issued per month; the
signatory's SKs waiting and certificates issued. One aggregate query per chart."""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from skema_lsp.charts import Chart, Series, cached_figure, month_keys, month_label


def charts(user) -> list[Chart]:
    today = timezone.localdate()
    result = []
    if user.is_staf:
        result += [funnel_this_month(today), results_per_scheme(), certificates_per_month(today, 24)]
    if user.has_role(Role.DIREKTUR):
        result += [letters_waiting(), certificates_per_month(today, 12)]
    return result


def funnel_this_month(today: date) -> Chart:
    """Applications started this month, by how far each has come: one query over applications with
    EXISTS for the later stages."""
    from assessment.models import Assessment
    from decisions.models import Certificate, Decision
    from registration.models import Application

    start = today.replace(day=1)
    assessed = Assessment.objects.filter(application=OuterRef("pk"), status=Assessment.Status.SUBMITTED)
    kompeten = Decision.objects.filter(assessment__application=OuterRef("pk"), result=Decision.Result.K,
                                       corrected_by__isnull=True)
    certified = Certificate.objects.filter(application=OuterRef("pk"))
    # Each stage includes the ones before it, so the bars can only narrow.
    submitted = Q(submitted_at__isnull=False)
    accepted = submitted & Q(status=Application.Status.ACCEPTED)
    was_assessed = accepted & Q(Exists(assessed))
    was_kompeten = was_assessed & Q(Exists(kompeten))
    counts = cached_figure("decisions-funnel", today, lambda: Application.objects.filter(
        created_at__date__gte=start).aggregate(
        created=Count("pk"), submitted=Count("pk", filter=submitted), accepted=Count("pk", filter=accepted),
        assessed=Count("pk", filter=was_assessed), kompeten=Count("pk", filter=was_kompeten),
        certified=Count("pk", filter=was_kompeten & Q(Exists(certified))),
    ))
    labels = {"created": "Dibuat", "submitted": "Diajukan", "accepted": "Diterima sebagai asesi",
              "assessed": "Selesai diases", "kompeten": "Diputuskan Kompeten", "certified": "Bersertifikat"}
    return Chart(
        "corong-bulan-ini", "Permohonan bulan ini menurut tahap", list(labels.values()),
        [Series("Permohonan", [counts[key] for key in labels])],
        caption=f"Permohonan yang dibuat sejak {start:%d-%m-%Y}, menurut tahap terjauh yang telah dicapai.",
        unit="permohonan", empty_text="Belum ada permohonan bulan ini.",
        links=[("Antrean verifikasi", reverse("registration:staff_queue"))],
    )


def results_per_scheme() -> Chart:
    """The standing decision of each assessment (a corrected decision replaces the one it corrects)."""
    from decisions.models import Decision

    scheme = "assessment__application__scheme__document_number"
    rows = (
        Decision.objects.filter(corrected_by__isnull=True).values_list(scheme, "result")
        .annotate(n=Count("pk")).order_by(scheme)
    )
    per_scheme: dict[str, dict[str, int]] = {}
    for code, result, n in rows:
        per_scheme.setdefault(code, {})[result] = n
    codes = list(per_scheme)
    return Chart(
        "k-bk-per-skema", "Keputusan K/BK per skema", codes,
        [Series("Kompeten (K)", [per_scheme[c].get("K", 0) for c in codes], "s1"),
         Series("Belum Kompeten (BK)", [per_scheme[c].get("BK", 0) for c in codes], "s2")],
        caption="Keputusan yang berlaku (keputusan koreksi menggantikan yang dikoreksi).",
        unit="keputusan", empty_text="Belum ada keputusan.",
    )


def certificates_per_month(today: date, months: int) -> Chart:
    from decisions.models import Certificate

    keys = month_keys(today, months)
    first = date(*keys[0], 1)
    counts = cached_figure(f"certificates-per-month-{months}", today, lambda: {
        (m.year, m.month): n for m, n in
        Certificate.objects.filter(issued_on__gte=first, issued_on__lte=today)
        .annotate(month=TruncMonth("issued_on")).values_list("month").annotate(n=Count("pk")).order_by()
    })
    years = "dua tahun" if months == 24 else "setahun"
    return Chart(
        f"sertifikat-{months}-bulan", f"Sertifikat terbit per bulan ({years} terakhir)",
        [month_label(k) for k in keys], [Series("Sertifikat", [counts.get(k, 0) for k in keys])],
        kind="columns", unit="sertifikat", empty_text="Belum ada sertifikat terbit dalam periode ini.",
        links=[("Daftar sertifikat", reverse("decisions:certificates"))],
    )


def letters_waiting() -> Chart:
    from decisions.models import DecisionLetter

    S = DecisionLetter.Status
    counts = dict(DecisionLetter.objects.values_list("status").annotate(n=Count("pk")).order_by())
    shown = [(S.DRAF, "Menunggu persetujuan"), (S.DIKEMBALIKAN, "Dikembalikan ke staf"), (S.DISETUJUI, "Disetujui")]
    return Chart(
        "sk-menunggu", "SK menurut status", [label for _, label in shown],
        [Series("SK", [counts.get(value, 0) for value, _ in shown])],
        unit="SK", empty_text="Belum ada SK.", links=[("Persetujuan SK", reverse("decisions:sk_list"))],
    )
