from django.urls import reverse

from registration.tests.factories import submitted_application


def test_dashboard_panels_for_applicant_and_staff(client, scheme, staff):
    application = submitted_application(scheme)
    client.force_login(application.applicant)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Permohonan sertifikasi" in html and reverse("registration:my_applications") in html
    client.force_login(staff)
    html = client.get(reverse("dashboard")).content.decode()
    assert "Verifikasi pendaftaran" in html and "Menunggu verifikasi" in html
