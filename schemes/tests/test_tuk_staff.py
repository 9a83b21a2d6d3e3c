"""TUK created and edited by staff in the app: a new TUK starts unverified (verification stays its own
action with a reason), editing a verified TUK keeps it verified and audits each changed field with
its old and new value, and bad input is refused in Indonesian with everything typed kept."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import make_user
from schemes.models import TUK
from schemes.services import verify_tuk
from skema_lsp.models import AuditEntry

pytestmark = pytest.mark.django_db

GOOD = {"name": "TUK Bappeda Kota Bogor", "kind": "tempat_kerja", "address": "Jl. Ir. H. Juanda 10, Bogor",
        "contact": "Rina, 0251-123456"}


@pytest.fixture
def staff():
    return make_user(Role.STAF, full_name="Sari Staf")


def _entries(tuk):
    return list(AuditEntry.objects.filter(content_type__model="tuk", object_id=str(tuk.pk)).order_by("pk"))


def test_staff_creates_a_tuk_that_starts_unverified_and_is_audited(client, staff):
    client.force_login(staff)
    assert "Tambah TUK" in client.get(reverse("schemes:tuk_list")).content.decode()
    response = client.post(reverse("schemes:tuk_create"), GOOD)
    tuk = TUK.objects.get(name=GOOD["name"])
    assert response.status_code == 302 and response["Location"] == reverse("schemes:tuk_detail", args=[tuk.pk])
    assert (tuk.kind, tuk.address, tuk.contact) == ("tempat_kerja", GOOD["address"], GOOD["contact"])
    assert (tuk.is_verified, tuk.verified_on, tuk.verified_by) == (False, None, None)
    [entry] = _entries(tuk)
    assert (entry.action, entry.actor, entry.to_state, entry.details["address"]) == (
        "schemes.tuk.created", staff, "belum", GOOD["address"])
    page = client.get(reverse("schemes:tuk_detail", args=[tuk.pk])).content.decode()
    assert "Belum terverifikasi" in page and "TUK ditambahkan" in page


def test_editing_a_verified_tuk_keeps_it_verified_and_audits_old_and_new(client, staff):
    tuk = TUK.objects.create(name="TUK Lama", address="Jl. Lama 1", kind="sewaktu")
    verify_tuk(tuk=tuk, by=staff, reason="Diperiksa.")
    tuk.refresh_from_db()
    verified_on = tuk.verified_on
    client.force_login(staff)
    form = client.get(reverse("schemes:tuk_edit", args=[tuk.pk]))
    assert form.status_code == 200 and "Jl. Lama 1" in form.content.decode()
    response = client.post(reverse("schemes:tuk_edit", args=[tuk.pk]),
                           {"name": "TUK Lama", "kind": "mandiri", "address": "Jl. Baru 2", "contact": ""})
    assert response.status_code == 302
    tuk.refresh_from_db()
    assert (tuk.address, tuk.kind) == ("Jl. Baru 2", "mandiri")
    assert (tuk.is_verified, tuk.verified_on, tuk.verified_by) == (True, verified_on, staff)
    entry = _entries(tuk)[-1]
    assert (entry.action, entry.actor, entry.from_state, entry.to_state) == (
        "schemes.tuk.updated", staff, "terverifikasi", "terverifikasi")
    assert {c["field"]: (c["old"], c["new"]) for c in entry.details["changed"]} == {
        "address": ("Jl. Lama 1", "Jl. Baru 2"), "kind": ("TUK Sewaktu", "TUK Mandiri")}
    page = client.get(reverse("schemes:tuk_detail", args=[tuk.pk])).content.decode()
    assert "Jl. Lama 1 → Jl. Baru 2" in page and "Terverifikasi sejak" in page
    # Saving the same values again records nothing.
    client.post(reverse("schemes:tuk_edit", args=[tuk.pk]),
                {"name": "TUK Lama", "kind": "mandiri", "address": "Jl. Baru 2", "contact": ""})
    assert [e.action for e in _entries(tuk)] == ["schemes.tuk.verified", "schemes.tuk.updated"]


@pytest.mark.parametrize(("change", "message"), [
    ({"name": "  "}, "Nama TUK wajib diisi."),
    ({"address": ""}, "Alamat TUK wajib diisi."),
    ({"kind": "kapal"}, "Pilih jenis TUK dari daftar."),
    ({"contact": "Rina\x00"}, "Karakter null tidak diizinkan."),
    ({"name": "x" * 201}, "200 karakter"),
])
def test_bad_input_is_refused_in_indonesian_and_kept(client, staff, change, message):
    client.force_login(staff)
    data = GOOD | change
    response = client.post(reverse("schemes:tuk_create"), data)
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert not TUK.objects.exists() and not AuditEntry.objects.filter(action__startswith="schemes.tuk").exists()
    kept = [value for key, value in GOOD.items() if key not in change and key != "kind"]
    assert all(value in page for value in kept)

    tuk = TUK.objects.create(name="TUK Tetap", address="Jl. Tetap 3")
    response = client.post(reverse("schemes:tuk_edit", args=[tuk.pk]), data)
    assert response.status_code == 200 and message in response.content.decode()
    tuk.refresh_from_db()
    assert (tuk.name, tuk.address) == ("TUK Tetap", "Jl. Tetap 3")
    assert not _entries(tuk)


def test_only_staff_add_or_edit_and_unknown_tuk_is_404(client, staff):
    tuk = TUK.objects.create(name="TUK Tetap", address="Jl. Tetap 3")
    for role in (Role.ASESOR, Role.PEMOHON, Role.DIREKTUR):
        client.force_login(make_user(role))
        assert client.post(reverse("schemes:tuk_create"), GOOD).status_code == 403
        assert client.post(reverse("schemes:tuk_edit", args=[tuk.pk]), GOOD | {"name": "Diubah"}).status_code == 403
    assert TUK.objects.count() == 1 and TUK.objects.get().name == "TUK Tetap"
    client.force_login(staff)
    assert client.get(reverse("schemes:tuk_edit", args=[tuk.pk + 999])).status_code == 404
