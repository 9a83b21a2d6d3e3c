from django.urls import reverse

from accounts.roles import Role
from assessment import queries
from assessment.models import Assessment
from skema_lsp.templatetags.formatting import tanggal

S = Assessment.Status


def panels(user) -> list[tuple[str, dict]]:
    result = []
    if user.has_role(Role.ASESOR):
        mine = queries.visible_to(user).filter(assessor=user)
        result.append(("_panel.html", {
            "title": "Asesmen (asesor)",
            "text": "Nyatakan bebas konflik kepentingan, sepakati rencana, kaji APL-02, catat bukti VATM.",
            "stats": [("Menunggu pernyataan", mine.filter(status=S.PROPOSED).count()),
                      ("Berjalan", mine.filter(status__in=[S.ASSIGNED, S.PLAN_PROPOSED, S.PLAN_AGREED,
                                                           S.TESTING]).count()),
                      ("Diserahkan", mine.filter(status=S.SUBMITTED).count())],
            "links": [("Asesi saya", reverse("assessment:my_candidates"))],
        }))
    if user.is_staf:
        result.append(("_panel.html", {
            "title": "Asesmen (staf)",
            "text": "Tugaskan asesor bebas konflik dan kelola jadwal uji di TUK terverifikasi.",
            "stats": [("Menunggu asesor", queries.applications_awaiting_assessor().count()
                       + Assessment.objects.filter(status=S.UNASSIGNED).count()),
                      ("Siap diputuskan", queries.ready_for_decision().count())],
            "links": [("Penugasan asesor", reverse("assessment:staff_assignments")),
                      ("Jadwal uji", reverse("assessment:sessions"))],
        }))
    if user.has_role(Role.PEMOHON):
        own = queries.visible_to(user).filter(application__applicant=user).select_related("plan")
        own = [a for a in own if a.status != S.CANCELLED]
        if own:
            to_accept = [a for a in own if a.status == S.PLAN_PROPOSED]
            upcoming = [a for a in own if a.status in (S.PLAN_AGREED, S.TESTING)]
            text = ("Ada rencana asesmen yang menunggu persetujuan Anda." if to_accept else
                    _schedule_text(upcoming[0]) if upcoming else "Pantau jadwal dan hasil asesmen Anda.")
            links = [(f"Setujui rencana {a.reference}", reverse("assessment:detail", args=[a.pk])) for a in to_accept]
            links.append(("Asesmen saya", reverse("assessment:my_assessments")))
            result.append(("_panel.html", {"title": "Jadwal dan rencana asesmen", "text": text, "links": links}))
    return result


def _schedule_text(assessment: Assessment) -> str:
    plan = getattr(assessment, "plan", None)
    if plan is None:
        return "Rencana asesmen Anda telah disetujui."
    return f"Uji kompetensi: {tanggal(plan.date)} pukul {plan.time:%H.%M} WIB di {plan.tuk.name}."
