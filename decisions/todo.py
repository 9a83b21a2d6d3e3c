"""What waits for the user in decisions: staff put ready candidates before a meeting and draft the
SK of a closed meeting (9.4.4); technical-team members decide (9.4.2); the signatory approves SKs and
revocation proposals (9.5.2)."""

from django.db.models import Exists, OuterRef
from django.urls import reverse

from accounts.roles import Role
from skema_lsp.todo import Action, action, collect


def actions(user) -> list[Action]:
    from decisions import queries
    from decisions.models import DecisionLetter, MeetingCandidate, TechnicalMeeting, Violation, Vote

    parts = []
    if user.is_staf:
        meetings = reverse("decisions:meetings")
        parts += [
            action("Masukkan asesi ke rapat tim teknis", queries.candidates_available(),
                   lambda a: (f"{a.reference} · {a.application.full_name}", meetings), meetings),
            action("Susun SK rapat yang sudah ditutup",
                   TechnicalMeeting.objects.filter(status=TechnicalMeeting.Status.DITUTUP, letter__isnull=True)
                   .order_by("date", "pk"),
                   lambda m: (f"Rapat {m.date:%d-%m-%Y} · {m.place}", reverse("decisions:letter_draft", args=[m.pk])),
                   meetings),
            action("Perbaiki SK yang dikembalikan Direktur",
                   DecisionLetter.objects.filter(status=DecisionLetter.Status.DIKEMBALIKAN).order_by("pk"),
                   lambda sk: (sk.number, reverse("decisions:sk_detail", args=[sk.pk])), reverse("decisions:sk_list")),
        ]
    if user.has_role(Role.TIM_TEKNIS):
        undecided = MeetingCandidate.objects.filter(meeting=OuterRef("pk")).exclude(
            Exists(Vote.objects.filter(candidate=OuterRef("pk"), member=user)))
        parts.append(action(
            "Putuskan asesi dalam rapat (9.4.2)",
            TechnicalMeeting.objects.filter(members=user, status=TechnicalMeeting.Status.TERBUKA)
            .filter(Exists(undecided)).order_by("date", "pk"),
            lambda m: (f"Rapat {m.date:%d-%m-%Y} · {m.place}", reverse("decisions:meeting_detail", args=[m.pk])),
            reverse("decisions:meetings")))
    if user.has_role(Role.DIREKTUR):
        parts += [
            action("Setujui SK", DecisionLetter.objects.filter(status=DecisionLetter.Status.DRAF).order_by("pk"),
                   lambda sk: (sk.number, reverse("decisions:sk_detail", args=[sk.pk])), reverse("decisions:sk_list")),
            action("Putuskan usulan pencabutan (9.5.2)",
                   Violation.objects.filter(status=Violation.Status.PENCABUTAN_DIUSULKAN)
                   .select_related("certificate").order_by("pk"),
                   lambda v: (f"{v.certificate.number} · {v.certificate.holder_name}",
                              reverse("decisions:violation_detail", args=[v.pk]))),
        ]
    return collect(parts)
