"""The applicant's own timeline on the dashboard: the latest application's steps (registration.progress,
to which later stages add theirs: assessment, decision, certificate, appeal) and the next step."""

from django.urls import reverse

from accounts.roles import Role
from registration import progress
from registration.models import Application
from skema_lsp.charts import Timeline


def charts(user) -> list[Timeline]:
    if not user.has_role(Role.PEMOHON):
        return []
    latest = Application.objects.filter(applicant=user).select_related("scheme").order_by("-pk").first()
    if latest is None:
        return [Timeline("perjalanan", "Perjalanan sertifikasi saya", [], None,
                         [("Mulai permohonan", reverse("registration:my_applications"))])]
    steps = progress.steps_for(latest)
    return [Timeline(
        "perjalanan", f"Perjalanan sertifikasi saya · {latest.reference} {latest.scheme.name}", steps,
        progress.current_step(steps), [("Rincian permohonan", reverse("registration:detail", args=[latest.pk]))],
    )]
