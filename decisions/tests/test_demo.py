import pytest

from accounts.roles import Role
from accounts.tests.factories import make_user
from decisions import demo
from decisions.models import Certificate, DecisionLetter, TechnicalMeeting

pytestmark = pytest.mark.django_db


def test_demo_seed_covers_every_status_and_is_idempotent(scheme, django_capture_on_commit_callbacks):
    roles = {"staf": Role.STAF, "direktur": Role.DIREKTUR, "teknis1": Role.TIM_TEKNIS, "teknis2": Role.TIM_TEKNIS,
             "teknis3": Role.TIM_TEKNIS, "asesor1": Role.ASESOR}
    users = {name: make_user(role, username=name) for name, role in roles.items()}
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(users)
    demo.seed(users)
    assert TechnicalMeeting.objects.get().status == "ditutup"
    assert DecisionLetter.objects.get().status == "disetujui"
    statuses = sorted(c.effective_status() for c in Certificate.objects.all())
    assert statuses == ["berlaku", "berlaku", "dibekukan", "dicabut", "digantikan", "kedaluwarsa"]
    assert all(c.pdf for c in Certificate.objects.all())
    # Numbers follow issue dates within each year, and one certificate carries its BNSP number.
    for year in {c.year for c in Certificate.objects.all()}:
        dates = list(Certificate.objects.filter(year=year).order_by("sequence").values_list("issued_on", flat=True))
        assert dates == sorted(dates)
    assert Certificate.objects.exclude(bnsp_number="").count() == 1
