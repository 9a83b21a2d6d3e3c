import pytest

from assessment.tests.factories import make_application
from exams.models import ExamSetting
from exams.tests.factories import add_bank
from schemes.tests.factories import make_scheme


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def scheme():
    scheme = make_scheme()  # 2 units × 2 elements × 2 KUK
    add_bank(scheme)
    ExamSetting.objects.create(scheme=scheme, question_count=6, duration_minutes=30, pass_mark=50)
    return scheme


@pytest.fixture
def application(scheme):
    return make_application(scheme=scheme)
