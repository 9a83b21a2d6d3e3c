from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from exams import queries
from exams.models import Attempt
from skema_lsp.templatetags.formatting import tanggal


def panels(user) -> list[tuple[str, dict]]:
    result = []
    today = timezone.localdate()
    if user.is_staf or user.has_role(Role.ASESOR):
        upcoming = queries.sessions_visible_to(user).filter(date__gte=today)
        links = [("Jadwal uji kompetensi", reverse("exams:sessions"))]
        if user.is_staf:
            links.append(("Bank soal & impor", reverse("exams:question_bank")))
        result.append(("_panel.html", {
            "title": "Jadwal uji dan CBT",
            "text": "Kelompok asesi per jadwal, ceklis observasi FR.IA.01, dan ujian tertulis berbasis komputer.",
            "stats": [("Jadwal mendatang", upcoming.count()),
                      ("CBT berlangsung", Attempt.objects.filter(status=Attempt.Status.STARTED).count()
                       if user.is_staf else
                       Attempt.objects.filter(status=Attempt.Status.STARTED, assessment__assessor=user).count())],
            "links": links,
        }))
    if user.has_role(Role.PEMOHON):
        mine = [a for a in queries.candidate_schedule(user) if a.session.date >= today]
        if mine:
            first = mine[0].session
            result.append(("_panel.html", {
                "title": "Jadwal ujian saya",
                "text": f"Uji kompetensi {tanggal(first.date)} pukul {first.start_time:%H.%M} WIB di {first.tuk.name}.",
                "links": [("Jadwal dan ujian CBT", reverse("exams:my_exams"))],
            }))
    return result
