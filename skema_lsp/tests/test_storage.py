"""Stored files: random private names; on S3 the objects stay private and leave only through the
permission-checked views, streamed (no bucket URL, no redirect)."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from accounts.tests.factories import make_user
from registration.models import Evidence
from registration.samples import sample_pdf
from registration.tests.factories import draft_application
from schemes.tests.factories import make_full_scheme
from skema_lsp.storage import private_name
from skema_lsp.tests.test_settings import start


def test_private_name_is_random_and_drops_the_persons_file_name():
    first = private_name("evidence/7", "KTP Siti Rahmawati.JPG")
    second = private_name("evidence/7", "KTP Siti Rahmawati.JPG")
    assert first.startswith("private/evidence/7/") and first.endswith(".jpg")
    assert "Siti" not in first and first != second
    assert private_name("x", "tanpa-ekstensi").endswith(".bin")


def test_bucket_from_environment_selects_private_s3_media_and_local_disk_stays_the_default():
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "d = s.STORAGES['default']; o = d.get('OPTIONS', {}); "
            "print(d['BACKEND'], o.get('bucket_name'), o.get('endpoint_url'), o.get('default_acl'))")
    s3 = start(DEBUG="true", AWS_STORAGE_BUCKET_NAME="lsp-media", AWS_S3_ENDPOINT_URL="http://127.0.0.1:18900",
               code=code)
    assert s3.stdout.split() == ["storages.backends.s3.S3Storage", "lsp-media", "http://127.0.0.1:18900", "private"]
    local = start(DEBUG="true", code=code)
    assert local.stdout.split()[0] == "django.core.files.storage.FileSystemStorage", local.stderr


@pytest.mark.django_db
def test_upload_goes_to_the_bucket_privately_and_streams_back_only_to_who_may_see_it(client, s3_media, settings):
    application = draft_application(make_full_scheme(), complete=False)
    content = sample_pdf()
    client.force_login(application.applicant)
    response = client.post(reverse("registration:upload", args=[application.pk]),
                           {"berkas": SimpleUploadedFile("ijazah saya.pdf", content), "keterangan": "Ijazah"})
    assert response.status_code == 302
    evidence = Evidence.objects.get(application=application)
    [stored] = s3_media.list_objects_v2(Bucket="skema-media")["Contents"]
    assert stored["Key"] == evidence.file.name and stored["Key"].startswith(f"private/evidence/{application.pk}/")
    grants = s3_media.get_object_acl(Bucket="skema-media", Key=stored["Key"])["Grants"]
    assert [g["Grantee"]["Type"] for g in grants] == ["CanonicalUser"]  # owner only, no AllUsers grant
    assert not Path(settings.MEDIA_ROOT).exists() or not any(Path(settings.MEDIA_ROOT).rglob("*.pdf"))

    url = reverse("registration:evidence_file", args=[evidence.pk])
    download = client.get(url)
    assert download.status_code == 200 and download.streaming  # streamed by the view, not redirected
    assert b"".join(download.streaming_content) == content
    client.force_login(make_user(Role.PEMOHON))
    assert client.get(url).status_code == 404


def test_backup_finds_every_object_in_the_media_bucket(s3_media):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from skema_lsp.backup import stored_files

    names = {default_storage.save("private/evidence/7/a.pdf", ContentFile(b"%PDF-a")),
             default_storage.save("private/certificates/b.pdf", ContentFile(b"%PDF-b"))}
    assert set(stored_files()) == names
