"""Contract 2 and 4 together: the demo shows public verification with and without the holder's name."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    from django.core.cache import cache

    cache.clear()  # the verification limit counts per client address in the cache


def public_json(client, certificate) -> dict:
    response = client.get(f"/verifikasi/{certificate.public_code}.json")
    assert response.status_code == 200
    return response.json()


def test_demo_has_a_named_and_a_name_withheld_valid_certificate(client, demo):
    named, withheld = demo.certificate("asesi_g"), demo.certificate("pemegang7")
    assert public_json(client, named)["nama"] == named.holder_name
    data = public_json(client, withheld)
    assert data["status"] == "berlaku" and data["nomor"] == withheld.number
    assert data["nama"] is None and data["nama_disembunyikan"] == "atas permintaan pemegang"
    html = client.get(f"/verifikasi/{withheld.public_code}/").content.decode()
    assert withheld.holder_name not in html and "atas permintaan pemegang" in " ".join(html.split())


def test_every_other_demo_holder_is_named(client, demo):
    from decisions.models import Certificate

    unnamed = [c.holder.username for c in Certificate.objects.select_related("holder")
               if public_json(client, c)["nama"] is None]
    assert unnamed == ["pemegang7"]
