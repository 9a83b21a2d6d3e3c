"""Web budgets under gunicorn on PostgreSQL with a large data set (DESIGN.md "Budgets"): every staff
list page p95 < 50 ms at 16 concurrent connections with 100k certificates, and public verification
(JSON and HTML) >= 75% of a hello-world view's throughput measured in the same run; each line judged
by scripts/budget.py.

    .venv/bin/python scripts/bench_web.py [--certificates 100000] [--seconds 10] [--reuse]
        [--lists N] [--skip-verification]

Creates (or with --reuse keeps) the database `skema_bench` (or $BENCH_DATABASE) on 127.0.0.1, seeds it with
`seed_bench`, serves it with 2 gunicorn workers on 127.0.0.1:8765 and prints one line per URL.
Only loopback traffic; every loop is bounded by --seconds.
"""

import argparse
import http.client
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.budget import LIST_P95_MS, VERIFICATION_SHARE, info, judge  # noqa: E402

PORT = 8765
# Every staff list page of the product (the URL confs), the busiest first: --lists 2 keeps those.
STAFF_LISTS = [
    "/keputusan/sertifikat/", "/surveilan/pemegang/", "/surveilan/pemegang/?overdue=on", "/pendaftaran/staf/",
    "/asesmen/penugasan/", "/asesmen/jadwal/", "/keputusan/rapat/", "/keputusan/sk/", "/surveilan/tinjauan/",
    "/surveilan/sertifikasi-ulang/", "/banding/staf/", "/pengingat/", "/ujian/jadwal/",
    "/keputusan/kompetensi-personel/", "/pengaduan/staf/",
]
# BENCH_DATABASE: another database than skema_bench (several checkouts benchmarking on one server).
DB = os.environ.get("BENCH_DATABASE") or "skema_bench"
ENV = {
    **os.environ,
    "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "MEDIA_ENCRYPTION_KEYS": "YmVuY2gtb25seS1tZWRpYS1rZXktMDEyMzQ1Njc4OWE=",
    "CERTIFICATE_SIGNING_KEY": "YmVuY2gtb25seS1jZXJ0aWZpY2F0ZS1zaWduaW5nLWs",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SITE_URL": f"http://127.0.0.1:{PORT}",
    "VERIFICATION_RATE_LIMIT": "100000000",
    "AXES_ENABLED": "false",
}
for key in ("TESTING", "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
    ENV.pop(key, None)
PY = str(ROOT / ".venv" / "bin" / "python")


def manage(*args: str, settings: str = "skema_lsp.settings") -> str:
    env = {**ENV, "DJANGO_SETTINGS_MODULE": settings}
    result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return result.stdout


def prepare(certificates: int, reuse: bool) -> None:
    import psycopg2

    conn = psycopg2.connect(host="127.0.0.1", user="postgres", dbname="postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB])
        exists = cur.fetchone() is not None
        if exists and not reuse:
            cur.execute(f"DROP DATABASE {DB} WITH (FORCE)")
        if not exists or not reuse:
            cur.execute(f"CREATE DATABASE {DB}")
    conn.close()
    manage("migrate", "--noinput", "-v0")
    manage("collectstatic", "--noinput", "-v0")
    if not reuse or not exists:
        manage("seed_demo", "--force")
        started = time.perf_counter()
        manage("seed_bench", "--certificates", str(certificates), "--force")
        info(f"seed_bench --certificates {certificates:,} (web data set)", f"{time.perf_counter() - started:.0f} s")
        # What autovacuum would do on a live server after a bulk load: fresh planner statistics.
        conn = psycopg2.connect(host="127.0.0.1", user="postgres", dbname=DB)
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("ANALYZE")
        conn.close()


SESSION_SCRIPT = """
import random
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore
from decisions.models import Certificate
user = get_user_model().objects.get(username="staf")
s = SessionStore()
s["_auth_user_id"] = str(user.pk)
s["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
s["_auth_user_hash"] = user.get_session_auth_hash()
s.create()
codes = list(Certificate.objects.order_by("?").values_list("public_code", flat=True)[:200])
print(s.session_key)
print(",".join(codes))
"""


def staff_session_and_codes() -> tuple[str, list[str]]:
    out = manage("shell", "-c", SESSION_SCRIPT).strip().splitlines()
    return out[-2], out[-1].split(",")


def load(path_fn, *, seconds: float, concurrency: int, cookie: str = "") -> tuple[list[float], int]:
    """Requests from `concurrency` threads for `seconds`, after an unmeasured second that warms both
    workers (imports, connections, caches) for this URL."""
    _load(path_fn, seconds=1, concurrency=concurrency, cookie=cookie)
    return _load(path_fn, seconds=seconds, concurrency=concurrency, cookie=cookie)


def _load(path_fn, *, seconds: float, concurrency: int, cookie: str) -> tuple[list[float], int]:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def worker():
        nonlocal errors
        mine, bad = [], 0
        while time.perf_counter() < deadline:
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
            started = time.perf_counter()
            try:
                conn.request("GET", path_fn(), headers={"Cookie": cookie} if cookie else {})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except OSError:
                bad += 1
            finally:
                conn.close()
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            latencies.extend(mine)
            errors += bad

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, errors


def stats(latencies: list[float], seconds: float) -> tuple[float, float, float]:
    """(requests per second, p50 ms, p95 ms)."""
    if not latencies:
        return 0.0, float("nan"), float("nan")
    latencies.sort()
    return len(latencies) / seconds, statistics.median(latencies), latencies[int(len(latencies) * 0.95) - 1]


def shown(rate: float, p50: float, p95: float, errors: int) -> str:
    return f"{rate:.0f} req/s, p50 {p50:.1f} ms, p95 {p95:.1f} ms, {errors} errors"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--certificates", type=int, default=100000)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--reuse", action="store_true", help="keep an existing skema_bench database")
    parser.add_argument("--lists", type=int, default=len(STAFF_LISTS), help="how many staff list pages to measure")
    parser.add_argument("--skip-verification", action="store_true", help="staff list pages only")
    args = parser.parse_args()
    prepare(args.certificates, args.reuse)
    session, codes = staff_session_and_codes()
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{PORT}", "--log-level", "warning",
         "skema_lsp.wsgi"], cwd=ROOT, env={**ENV, "DJANGO_SETTINGS_MODULE": "scripts.bench_settings"},
    )
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", PORT, timeout=1).request("GET", "/bench/halo/")
                break
            except OSError:
                time.sleep(0.1)
        cookie = f"sessionid={session}"
        run = {"seconds": args.seconds, "concurrency": args.concurrency}
        print(f"{args.concurrency} concurrent connections, {args.seconds:.0f} s per URL, gunicorn 2 sync workers",
              file=sys.stderr)
        if not args.skip_verification:
            latencies, errors = load(lambda: "/bench/halo/", **run)
            hello = stats(latencies, args.seconds)
            info("hello-world view", shown(*hello, errors))
            for name, path in [("JSON", "/verifikasi/{}.json"), ("HTML", "/verifikasi/{}/")]:
                latencies, errors = load(lambda p=path: p.format(random.choice(codes)), **run)
                rate, p50, p95 = stats(latencies, args.seconds)
                share = rate / hello[0] if hello[0] else 0.0
                judge(f"public verification {name}", f"{share:.0%} of hello-world; {shown(rate, p50, p95, errors)}",
                      f">= {VERIFICATION_SHARE:.0%} of hello-world, no errors",
                      share >= VERIFICATION_SHARE and errors == 0)
        for path in STAFF_LISTS[:args.lists]:
            latencies, errors = load(lambda p=path: p, cookie=cookie, **run)
            rate, p50, p95 = stats(latencies, args.seconds)
            judge(f"staff list {path}, {args.certificates:,} certificates", shown(rate, p50, p95, errors),
                  f"p95 < {LIST_P95_MS} ms, no errors", p95 < LIST_P95_MS and errors == 0)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
