"""What waits for the user in assessment: the assessor declares conflicts of interest (9.2.1),
proposes the plan (9.2.4) and runs the test (9.3); the candidate accepts the plan (FR.AK.01);
staff start a round for accepted applications and assign an assessor."""

from django.urls import reverse

from accounts.roles import Role
from assessment import queries
from assessment.models import Assessment
from skema_lsp.todo import Action, action, collect

S = Assessment.Status


def _detail(a: Assessment) -> tuple[str, str]:
    return (f"{a.reference} · {a.application.full_name or a.application.applicant.display_name}",
            reverse("assessment:detail", args=[a.pk]))


def actions(user) -> list[Action]:
    parts = []
    if user.has_role(Role.ASESOR):
        mine = queries.visible_to(user).filter(assessor=user).order_by("pk")
        more = reverse("assessment:my_candidates")
        parts += [
            action("Nyatakan bebas konflik kepentingan (9.2.1)", mine.filter(status=S.PROPOSED), _detail, more),
            action("Susun rencana asesmen (9.2.4)", mine.filter(status=S.ASSIGNED), _detail, more),
            action("Lakukan uji kompetensi dan serahkan rekaman (9.3)",
                   mine.filter(status__in=[S.PLAN_AGREED, S.TESTING]), _detail, more),
        ]
    if user.has_role(Role.PEMOHON):
        parts.append(action("Setujui rencana asesmen (FR.AK.01)",
                            queries.candidate_rounds(user).filter(status=S.PLAN_PROPOSED).order_by("pk"),
                            lambda a: (f"{a.reference} · {a.application.scheme.name}",
                                       reverse("assessment:detail", args=[a.pk]))))
    if user.is_staf:
        more = reverse("assessment:staff_assignments")
        parts += [
            action("Mulai asesmen dan tugaskan asesor", queries.applications_awaiting_assessor(),
                   lambda a: (f"{a.reference} · {a.full_name}", reverse("assessment:assign", args=[a.pk])), more),
            action("Tugaskan asesor pengganti",
                   queries.visible_to(user).filter(status=S.UNASSIGNED).order_by("pk"),
                   lambda a: (f"{a.reference} · {a.application.full_name}",
                              reverse("assessment:assign", args=[a.application_id])), more),
        ]
    return collect(parts)
