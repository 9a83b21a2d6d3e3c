"""The production shape end to end: the parts of `make stack` (scripts/stack.py) on free ports with
DEBUG off, against the test database. Two gunicorn nodes behind nginx (TLS, X-Forwarded-For/-Proto),
two Celery workers and beat, Redis as broker and cache, moto's S3 server for media, an aiosmtpd sink
keeping every email. Each test drives one behaviour across the nodes through the proxy and checks
what changed: rows, stored objects, received mail.

Run alone with `pytest -m stack`. Nothing here skips: a part that cannot start fails the module with
that part's log.
"""

import contextlib
import email
import os
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from email import policy

import boto3
import pytest
import requests
from celery import Celery
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from accounts.roles import Role
from accounts.services import give_consent
from accounts.tests.factories import PASSWORD, make_members, make_user
from decisions import services as decisions
from decisions.models import Certificate, DecisionLetter
from decisions.tests.factories import make_ready_assessment
from registration.models import Evidence
from registration.samples import sample_pdf
from registration.tests.factories import draft_application
from schemes.tests.factories import PASFOTO, make_full_scheme, make_scheme
from scripts.stack import BUCKET, ROOT, Ports, Stack
from skema_lsp.crypto import decrypt
from skema_lsp.models import AuditEntry, Notification, SentReminder
from skema_lsp.storage import s3_storage
from skema_lsp.testing import pdf_text
from skema_lsp.tests import reminder_data
from skema_lsp.tests.test_celery_worker import database_url
from surveillance.tests.factories import make_certificate

pytestmark = pytest.mark.stack

RATE_LIMIT = 10


@pytest.fixture(scope="module")
def test_database(request, django_db_setup, django_db_blocker):
    """The test database. pytest-django creates it only for tests marked for the database, and these
    are not marked (a transactional test's flush after each test would race the workers' sweeps):
    when they run alone (`pytest -m stack`), create it here the same way."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    if connection.settings_dict["NAME"] == connection.creation._get_test_db_name():
        yield
        return
    keepdb = request.config.getvalue("reuse_db") and not request.config.getvalue("create_db")
    with django_db_blocker.unblock():
        created = setup_databases(verbosity=0, interactive=False, aliases={"default"}, keepdb=keepdb)
    yield
    if not keepdb:
        with django_db_blocker.unblock():
            teardown_databases(created, verbosity=0)


@pytest.fixture(scope="module")
def stack(test_database, django_db_blocker, tmp_path_factory):
    """One stack for the module. The tests write rows directly (autocommit, so the nodes and workers
    see them) and the database is flushed once the stack is down."""
    # The nodes decrypt what this process stores in the bucket (photos of factory-made candidates): same key.
    stack = Stack(database_url=database_url(), state_dir=tmp_path_factory.mktemp("stack"), ports=Ports.free(),
                  media_key=settings.MEDIA_ENCRYPTION_KEYS[0], sweep_seconds=3,
                  extra_env={"VERIFICATION_RATE_LIMIT": str(RATE_LIMIT),
                             "VERIFICATION_RATE_WINDOW": "3600"})
    media = override_settings(STORAGES={**_storages(), "default": s3_storage(
        BUCKET, endpoint_url=stack.s3_endpoint, region_name="us-east-1")})
    with pytest.MonkeyPatch.context() as env, django_db_blocker.unblock():
        env.setenv("AWS_ACCESS_KEY_ID", "stack")
        env.setenv("AWS_SECRET_ACCESS_KEY", "stack-secret")
        Group.objects.bulk_create([Group(name=role) for role in Role.values], ignore_conflicts=True)
        stack.start(migrate=False)
        try:
            with media:
                yield stack
        finally:
            stack.stop()
            call_command("flush", interactive=False, verbosity=0)


def _storages() -> dict:
    from django.conf import settings

    return settings.STORAGES


@pytest.fixture(autouse=True)
def _fast_bulk_passwords(settings):
    # Many users per test; only those who log in through a node get the production hasher (login_user).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                "django.contrib.auth.hashers.PBKDF2PasswordHasher"]


@pytest.fixture
def rows(stack, django_db_blocker):
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def bucket(stack):
    return boto3.client("s3", endpoint_url=stack.s3_endpoint, region_name="us-east-1",
                        aws_access_key_id="stack", aws_secret_access_key="stack-secret")


class Visitor:
    """One browser: its cookies hold for every port of 127.0.0.1, so a session started through node A
    is sent to node B too. Each request goes through the proxy to the node named."""

    def __init__(self, stack: Stack, forwarded_for: str | None = None):
        self.stack = stack
        self.session = requests.Session()
        self.verify = str(stack.certificate)  # per request: a CA bundle from the environment wins over session.verify
        if forwarded_for:
            self.session.headers["X-Forwarded-For"] = forwarded_for

    def get(self, node: str, path: str) -> requests.Response:
        return self.session.get(self.stack.node_urls[node] + path, allow_redirects=False, timeout=60,
                                verify=self.verify)

    def post(self, node: str, path: str, data: dict | None = None, files: dict | None = None) -> requests.Response:
        if "csrftoken" not in self.session.cookies:
            self.get(node, "/accounts/login/")
        origin = self.stack.node_urls[node]
        data = {**(data or {}), "csrfmiddlewaretoken": self.session.cookies["csrftoken"]}
        return self.session.post(origin + path, data=data, files=files, allow_redirects=False, timeout=60,
                                 verify=self.verify, headers={"Origin": origin, "Referer": origin + path})

    def log_in(self, node: str, username: str, password: str = PASSWORD) -> requests.Response:
        self.get(node, "/accounts/login/")
        return self.post(node, "/accounts/login/", {"username": username, "password": password})


def served_by(stack: Stack, response: requests.Response) -> str:
    upstream = response.headers["X-Upstream"]
    return {f"127.0.0.1:{stack.ports.node_a}": "a", f"127.0.0.1:{stack.ports.node_b}": "b"}[upstream]


def login_user(*roles, **fields):
    user = make_user(*roles, **fields)
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")  # what the nodes verify
    user.save(update_fields=["password"])
    return user


def wait_until(predicate, what: str, stack: Stack, timeout: float = 90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout:.0f} s: {what}\n{diagnosis(stack)}")


def diagnosis(stack: Stack) -> str:
    """What a stuck stack was doing: each worker process's Python stacks (SIGUSR2, see
    skema_lsp/celery.py), the database sessions that were not idle, and the logs' tails."""
    for name in ("worker1", "worker2"):
        process = stack.processes.get(name)
        if process is None or process.poll() is not None:
            continue
        children = subprocess.run(["ps", "-o", "pid=", "--ppid", str(process.pid)], capture_output=True,
                                  text=True).stdout.split()
        for pid in [process.pid, *map(int, children)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGUSR2)
            time.sleep(0.5)  # one process's dump at a time in the shared log
    with connection.cursor() as cursor:
        cursor.execute("SELECT pid, state, wait_event_type, wait_event, now() - xact_start, left(query, 200) "
                       "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
                       "AND state <> 'idle'")
        sessions = "\n".join(map(str, cursor.fetchall())) or "(none)"
    logs = "\n".join(f"--- {name}\n{stack.log_tail(name, 60)}" for name in ("worker1", "worker2", "beat"))
    return f"--- database sessions not idle\n{sessions}\n{logs}"


def letter_for(assessments, *, staff, members) -> DecisionLetter:
    """A closed meeting deciding every candidate Kompeten and its SK draft, as staff would make them."""
    meeting = decisions.create_meeting(by=staff, date=timezone.localdate(), place="Ruang Rapat LSP",
                                       members=members)
    for assessment in assessments:
        entry = decisions.add_candidate(meeting=meeting, assessment=assessment, by=staff)
        decisions.cast_vote(entry=entry, member=members[1], result="K")
        decisions.cast_vote(entry=entry, member=members[2], result="K")
    return decisions.draft_letter(meeting=decisions.close_meeting(meeting=meeting, by=staff), by=staff)


def received_mail(stack: Stack) -> list[email.message.EmailMessage]:
    folder = stack.maildir / "new"
    if not folder.exists():
        return []
    return [email.message_from_bytes(path.read_bytes(), policy=policy.default) for path in sorted(folder.iterdir())]


def sweeps_done(stack: Stack) -> dict[str, int]:
    def done(name: str) -> int:
        lines = (stack.state_dir / f"{name}.log").read_text().splitlines()
        return sum("Task skema_lsp.tasks.sweep[" in line and "succeeded" in line for line in lines)
    return {name: done(name) for name in ("worker1", "worker2")}


def rendered_once(certificate: Certificate) -> bool:
    return AuditEntry.objects.filter(action__endswith="pdf_rendered", object_id=str(certificate.pk),
                                     content_type__model="certificate").count() == 1


# --- the tests, in the order a deployment meets them ---------------------------------------------


def test_a_session_started_on_node_a_works_on_node_b(stack, rows):
    user = login_user(Role.PEMOHON, full_name="Ratna Sesi Bersama")
    note = Notification.objects.create(recipient=user, subject="Pemberitahuan uji", body="Isi")
    browser = Visitor(stack)

    login = browser.log_in("a", user.username)
    assert login.status_code == 302 and login.headers["Location"] == "/dasbor/" and served_by(stack, login) == "a"
    dashboard = browser.get("b", "/dasbor/")
    assert dashboard.status_code == 200 and served_by(stack, dashboard) == "b"
    assert "Ratna Sesi Bersama" in dashboard.text
    assert browser.post("b", "/notifikasi/baca-semua/").status_code == 302  # CSRF token from node A's login
    note.refresh_from_db()
    assert note.read_at is not None

    assert browser.post("b", "/accounts/logout/").status_code == 302
    after = browser.get("a", "/dasbor/")
    assert after.status_code == 302 and after.headers["Location"].startswith("/accounts/login/")
    balanced = {served_by(stack, requests.get(f"{stack.url}/healthz/", verify=str(stack.certificate), timeout=10))
                for _ in range(6)}
    assert balanced == {"a", "b"}


def test_a_file_uploaded_through_node_a_downloads_through_node_b(stack, rows, bucket):
    applicant = login_user(Role.PEMOHON)
    application = draft_application(make_full_scheme(), applicant, complete=False)
    content = sample_pdf()
    browser = Visitor(stack)
    browser.log_in("a", applicant.username)

    upload = browser.post("a", f"/pendaftaran/{application.pk}/berkas/unggah/", {"keterangan": "Ijazah S-1"},
                          files={"berkas": ("ijazah.pdf", content, "application/pdf")})
    assert upload.status_code == 302 and served_by(stack, upload) == "a"
    evidence = Evidence.objects.get(application=application)
    stored = bucket.get_object(Bucket=BUCKET, Key=evidence.file.name)["Body"].read()
    assert stored != content and decrypt(stored) == content  # encrypted at rest, in the bucket too
    grants = bucket.get_object_acl(Bucket=BUCKET, Key=evidence.file.name)["Grants"]
    assert [grant["Grantee"]["Type"] for grant in grants] == ["CanonicalUser"]
    anonymous = requests.get(f"{stack.s3_endpoint}/{BUCKET}/{evidence.file.name}", timeout=10)
    assert anonymous.status_code == 403

    download = browser.get("b", f"/pendaftaran/berkas/{evidence.pk}/")
    assert download.status_code == 200 and served_by(stack, download) == "b"
    assert download.content == content
    stranger = Visitor(stack)
    stranger.log_in("b", login_user(Role.PEMOHON).username)
    assert stranger.get("b", f"/pendaftaran/berkas/{evidence.pk}/").status_code == 404


def test_an_sk_approved_on_node_a_gets_worker_rendered_pdfs_served_by_node_b(stack, rows, bucket):
    scheme, staff, members = make_scheme(elements=0, documents=[PASFOTO]), make_user(Role.STAF), make_members(3)
    director = login_user(Role.DIREKTUR, full_name="Direktur Tumpuk")
    letter = letter_for([make_ready_assessment(scheme=scheme) for _ in range(2)], staff=staff, members=members)
    browser = Visitor(stack)
    browser.log_in("a", director.username)

    approve = browser.post("a", f"/keputusan/sk/{letter.pk}/setujui/")
    assert approve.status_code == 302 and served_by(stack, approve) == "a"
    request_id = approve.headers["X-Request-ID"]  # made by nginx, logged by the proxy, the node and the workers
    letter.refresh_from_db()
    assert letter.status == DecisionLetter.Status.DISETUJUI
    certificates = Certificate.objects.filter(letter=letter)
    assert certificates.count() == 2
    wait_until(lambda: not certificates.filter(pdf="").exists(), "both certificate PDFs rendered", stack)

    for certificate in certificates:
        assert rendered_once(certificate)
        bucket.head_object(Bucket=BUCKET, Key=certificate.pdf.name)
        download = browser.get("b", f"/keputusan/sertifikat/{certificate.pk}/unduh/")
        assert download.status_code == 200 and served_by(stack, download) == "b"
        assert download.headers["Content-Type"] == "application/pdf"
        text = pdf_text(download.content, collapse="all")
        assert certificate.number in text and certificate.holder_name in text
        public = Visitor(stack).get("b", f"/verifikasi/{certificate.public_code}.json").json()
        assert (public["nomor"], public["status"]) == (certificate.number, "berlaku")
    logs = {name: (stack.state_dir / f"{name}.log").read_text() for name in ("nginx-access", "node-a", "worker1",
                                                                               "worker2")}
    assert request_id in logs["nginx-access"] and request_id in logs["node-a"]
    assert request_id in logs["worker1"] + logs["worker2"]  # the rendering tasks the approval enqueued


def test_reminders_reach_the_smtp_sink_exactly_once_with_two_workers_and_beat(stack, rows):
    applicant = make_user(Role.PEMOHON, email="lupa.mengajukan@contoh.id")
    # The draft reminder is a nudge: emailed only with the komunikasi consent (accounts/consents.py).
    give_consent(user=applicant, purpose="komunikasi")
    draft = reminder_data.application(touched=timezone.now() - timedelta(days=8), applicant=applicant)
    before = sweeps_done(stack)
    # Beat sends a sweep every 3 s; six more at once make both workers sweep the same rows together.
    broker = Celery(broker=stack.env()["CELERY_BROKER_URL"])
    for _ in range(6):
        broker.send_task("skema_lsp.tasks.sweep")

    def mine():
        return [m for m in received_mail(stack) if applicant.email in str(m["To"])]

    wait_until(lambda: mine(), "the reminder in the SMTP sink", stack)
    wait_until(lambda: sum(sweeps_done(stack).values()) >= sum(before.values()) + 8,
               "the six extra sweeps and two of beat's", stack)
    # Which worker takes which sweep is the broker's choice (one may prefetch them all): the claim in
    # the database, not the distribution, is what keeps the reminder single. Parallel sweeps racing on
    # the same rows are tested in skema_lsp/tests/test_reminder_sweep.py.
    [message] = mine()
    assert message["Subject"].strip().endswith(f"Permohonan {draft.reference} belum diajukan")
    assert "belum diubah sejak" in message.get_body(("plain",)).get_content()
    assert SentReminder.objects.filter(kind="registration.incomplete", object_id=str(draft.pk)).count() == 1
    assert Notification.objects.filter(recipient=applicant).count() == 1


def test_the_verification_rate_limit_holds_across_nodes_per_client(stack, rows):
    certificate = make_certificate(issued_on=date(2026, 1, 5))
    path = f"/verifikasi/{certificate.public_code}.json"
    client = Visitor(stack, forwarded_for="203.0.113.7")
    try:
        answers = [client.get("ab"[i % 2], path).status_code for i in range(RATE_LIMIT)]
        assert answers == [200] * RATE_LIMIT
        assert client.get("a", path).status_code == 429
        assert client.get("b", path).status_code == 429
        other = Visitor(stack, forwarded_for="198.51.100.23")
        assert other.get("a", path).status_code == 200 and other.get("b", path).status_code == 200
    finally:
        import redis

        redis.Redis.from_url(stack.env()["CACHE_URL"]).flushdb()  # the later tests verify too


def test_the_login_lockout_holds_across_nodes_for_that_client(stack, rows):
    victim = login_user(Role.DIREKTUR)
    attacker = Visitor(stack, forwarded_for="203.0.113.9")
    for i in range(5):
        failed = attacker.log_in("ab"[i % 2], victim.username, "kata-sandi-salah")
        assert failed.status_code in (200, 429), failed.status_code
    for node in "ab":
        locked = attacker.log_in(node, victim.username)  # the right password, still refused
        assert locked.status_code == 429 and "sessionid" not in attacker.session.cookies
    assert attacker.get("b", "/dasbor/").status_code == 302
    owner = Visitor(stack, forwarded_for="198.51.100.30")
    assert owner.log_in("b", victim.username).headers.get("Location") == "/dasbor/"


def test_a_worker_killed_mid_batch_leaves_its_work_to_the_other(stack, rows, bucket):
    scheme, staff, members = make_scheme(elements=0, documents=[PASFOTO]), make_user(Role.STAF), make_members(3)
    director = login_user(Role.DIREKTUR)
    letter = letter_for([make_ready_assessment(scheme=scheme) for _ in range(8)], staff=staff, members=members)
    browser = Visitor(stack)
    browser.log_in("a", director.username)
    certificates = Certificate.objects.filter(letter=letter)

    worker2 = stack.processes["worker2"]
    os.killpg(worker2.pid, signal.SIGSTOP)  # worker1 takes the whole batch
    try:
        assert browser.post("a", f"/keputusan/sk/{letter.pk}/setujui/").status_code == 302
        assert certificates.count() == 8
        wait_until(lambda: certificates.exclude(pdf="").exists(), "worker1 rendering the first PDF", stack)
        stack.kill("worker1")
        done_by_worker1 = certificates.exclude(pdf="").count()
    finally:
        os.killpg(worker2.pid, signal.SIGCONT)
    assert done_by_worker1 < 8, "worker1 finished the batch before it could be killed"

    wait_until(lambda: not certificates.filter(pdf="").exists(), "worker2 rendering the rest", stack)
    assert stack.processes["worker1"].poll() is not None
    for certificate in certificates:
        assert rendered_once(certificate)
        assert bucket.head_object(Bucket=BUCKET, Key=certificate.pdf.name)["ContentLength"] > 1000


def test_a_backup_of_the_stack_restores_in_a_drill_with_every_certificate_verifying(stack, rows, tmp_path):
    """The README's backup and drill commands against the production shape: media from the bucket."""
    env = {**stack.env(), "PYTHON": sys.executable}
    backup = subprocess.run([sys.executable, "manage.py", "backup", str(tmp_path / "cadangan")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert backup.returncode == 0, backup.stderr[-3000:]
    certificates = Certificate.objects.count()
    assert certificates >= 10 and f"{certificates} sertifikat" in backup.stdout
    drill = subprocess.run(["bash", "scripts/restore_drill.sh", str(tmp_path / "cadangan")], cwd=ROOT, env=env,
                           capture_output=True, text=True, timeout=300)
    assert drill.returncode == 0, drill.stdout + drill.stderr[-3000:]
    assert f"{certificates} sertifikat terverifikasi" in drill.stdout
