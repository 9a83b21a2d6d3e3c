from datetime import date

import pytest

from accounts.roles import Role
from accounts.tests.factories import make_user
from schemes.services import TUKError, revoke_tuk_verification, verify_tuk
from schemes.tests.factories import TUKFactory
from skema_lsp.audit import timeline

pytestmark = pytest.mark.django_db


def test_verify_tuk_records_who_when_and_audit():
    staf = make_user(Role.STAF)
    tuk = TUKFactory(is_verified=False, verified_on=None)
    verify_tuk(tuk=tuk, by=staf, on=date(2026, 2, 2))
    tuk.refresh_from_db()
    assert (tuk.is_verified, tuk.verified_on, tuk.verified_by) == (True, date(2026, 2, 2), staf)
    [entry] = timeline(tuk)
    assert (entry.action, entry.from_state, entry.to_state, entry.actor) == (
        "schemes.tuk.verified", "belum", "terverifikasi", staf)


def test_verifying_twice_is_refused_and_writes_nothing():
    staf = make_user(Role.STAF)
    tuk = TUKFactory(is_verified=False, verified_on=None)
    verify_tuk(tuk=tuk, by=staf)
    with pytest.raises(TUKError, match="sudah terverifikasi"):
        verify_tuk(tuk=tuk, by=staf)
    assert timeline(tuk).count() == 1


def test_revoke_clears_verification_with_reason():
    staf = make_user(Role.STAF)
    tuk = verify_tuk(tuk=TUKFactory(is_verified=False, verified_on=None), by=staf)
    revoke_tuk_verification(tuk=tuk, by=staf, reason="Ruang uji dialihfungsikan")
    tuk.refresh_from_db()
    assert (tuk.is_verified, tuk.verified_on, tuk.verified_by) == (False, None, None)
    assert timeline(tuk).last().details == {"reason": "Ruang uji dialihfungsikan"}
    with pytest.raises(TUKError):
        revoke_tuk_verification(tuk=tuk, by=staf, reason="lagi")
