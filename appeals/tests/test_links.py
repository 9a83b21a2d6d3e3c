"""Appeals offers the way to appeal beside each decision on decisions' "Sertifikat saya" page,
through skema_lsp.stages, so decisions never names an appeals URL."""

from django.urls import reverse

from skema_lsp import stages


def test_a_decision_gets_the_appeal_link_from_appeals():
    assert stages.decision_links(object()) == [("Banding", reverse("appeals:my_appeals"))]
