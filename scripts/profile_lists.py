#!/usr/bin/env python
"""Single-request cost of every staff list page: one line per page with the median and p95 of
--requests sequential requests (in-process, Django's test client, DEBUG off), the number of queries
one request makes and the slowest of them by EXPLAIN ANALYZE.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/skema_bench \\
        .venv/bin/python scripts/profile_lists.py [--requests 50] [--only holders] [--plans]

Meant for a database filled by `seed_bench` (scripts/bench_web.py keeps one in `skema_bench`); it
only reads (EXPLAIN ANALYZE runs SELECTs alone, inside a rolled-back transaction). Times are server
time without the network and the WSGI server, so they stay comparable on a busy machine where the
throughput of `make bench` does not: a page must stay well under 10 ms here to make p95 < 50 ms at
16 connections on 2 cores.
"""

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/skema_bench",
    "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "MEDIA_ENCRYPTION_KEYS": "YmVuY2gtb25seS1tZWRpYS1rZXktMDEyMzQ1Njc4OWE=",
    "CERTIFICATE_SIGNING_KEY": "YmVuY2gtb25seS1jZXJ0aWZpY2F0ZS1zaWduaW5nLWs",
    "SITE_URL": "http://127.0.0.1:8765",
}

# (label, username of seed_demo, path): every staff list page, with the filters staff use most.
PAGES = [
    ("certificates", "staf", "/keputusan/sertifikat/"),
    ("certificates, search", "staf", "/keputusan/sertifikat/?q=wijaya"),
    ("certificates, sort by holder", "staf", "/keputusan/sertifikat/?urut=pemegang"),
    ("certificates, proposals", "staf", "/keputusan/sertifikat/?usulan=1"),
    ("holders register", "staf", "/surveilan/pemegang/"),
    ("holders register, overdue", "staf", "/surveilan/pemegang/?overdue=on"),
    ("verification queue", "staf", "/pendaftaran/staf/"),
    ("assessor assignment", "staf", "/asesmen/penugasan/"),
    ("assessment schedules", "staf", "/asesmen/jadwal/"),
    ("exam schedules", "staf", "/ujian/jadwal/"),
    ("question bank", "staf", "/ujian/bank-soal/"),
    ("meetings", "staf", "/keputusan/rapat/"),
    ("SK list", "staf", "/keputusan/sk/"),
    ("SK list, director", "direktur", "/keputusan/sk/"),
    ("personnel competence", "staf", "/keputusan/kompetensi-personel/"),
    ("BNSP numbers", "staf", "/keputusan/sertifikat/nomor-bnsp/"),
    ("surveillance review queue", "staf", "/surveilan/tinjauan/"),
    ("recertification", "staf", "/surveilan/sertifikasi-ulang/"),
    ("appeals", "staf", "/banding/staf/"),
    ("appeals, panel", "banding1", "/banding/tim/"),
    ("complaints", "staf", "/pengaduan/staf/"),
    ("complaints, handling", "staf", "/pengaduan/tangani/"),
    ("sent reminders", "staf", "/pengingat/"),
    ("PDP requests", "staf", "/accounts/pdp/permintaan/"),
    ("PDP incidents", "staf", "/accounts/pdp/insiden/"),
    ("dashboard", "staf", "/dasbor/"),
    ("notifications", "staf", "/notifikasi/"),
]


def setup() -> None:
    for key, value in DEFAULTS.items():
        os.environ.setdefault(key, value)
    os.environ["DEBUG"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["SECURE_SSL_REDIRECT"] = "false"
    os.environ["AXES_ENABLED"] = "false"
    for key in ("TESTING", "CELERY_BROKER_URL"):
        os.environ.pop(key, None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "skema_lsp.settings"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("collectstatic", interactive=False, verbosity=0)  # DEBUG off reads the manifest


def explain_ms(sql: str, params) -> float:
    """Execution time of one SELECT by EXPLAIN ANALYZE (rolled back, so nothing it does stays)."""
    from django.db import connection, transaction

    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
                plan = cursor.fetchone()[0]
            transaction.set_rollback(True)
    except Exception:  # noqa: BLE001 - a statement EXPLAIN cannot take is simply not timed
        return 0.0
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Execution Time"]


def plan_text(sql: str, params) -> str:
    from django.db import connection, transaction

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            text = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return text


def captured_selects(client, path: str) -> tuple[int, list[tuple[str, tuple]]]:
    """(number of queries, the SELECTs with their parameters) of one request."""
    from django.db import connection

    captured: list[tuple[str, tuple]] = []

    def wrapper(execute, sql, params, many, context):
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        client.get(path)
    selects = [(sql, params) for sql, params in captured if sql.lstrip().upper().startswith("SELECT")]
    return len(captured), selects


def profile(label: str, username: str, path: str, *, requests: int, plans: bool) -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    for _ in range(3):  # warm: template loading, caches, the session row
        response = client.get(path)
    timings, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    count, selects = captured_selects(client, path)
    explained = sorted(((explain_ms(sql, params), sql, params) for sql, params in selects), key=lambda t: -t[0])
    timings.sort()
    row = {
        "label": label, "path": path, "status": response.status_code, "median": statistics.median(timings),
        "p95": timings[max(0, int(len(timings) * 0.95) - 1)], "queries": count,
        "slowest": explained[0][0] if explained else 0.0, "cpu": statistics.median(cpu),
        "selects": [(ms, sql) for ms, sql, _ in explained],
    }
    if plans and explained:
        row["plan"] = plan_text(explained[0][1], explained[0][2])
        row["sql"] = explained[0][1]
    return row


def python_profile(username: str, path: str, requests: int = 20) -> str:
    """The functions that take the most time (own time and cumulative) over `requests` requests."""
    import cProfile
    import io
    import pstats

    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(get_user_model().objects.get(username=username))
    client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(requests):
        client.get(path)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=50, help="sequential requests per page (default 50)")
    parser.add_argument("--only", default="", help="pages whose label or path contains this text")
    parser.add_argument("--plans", action="store_true", help="print the plan of each page's slowest query")
    parser.add_argument("--queries", action="store_true", help="list each page's SELECTs, slowest first")
    parser.add_argument("--cprofile", action="store_true", help="print where each page's Python time goes")
    parser.add_argument("--json", action="store_true", help="one JSON object per line instead of the table")
    args = parser.parse_args()
    setup()
    from django.db import connection

    print(f"{connection.settings_dict['NAME']}, load {os.getloadavg()[0]:.1f}, {args.requests} requests per page",
          file=sys.stderr)
    for label, username, path in PAGES:
        if args.only and args.only not in label and args.only not in path:
            continue
        row = profile(label, username, path, requests=args.requests, plans=args.plans)
        if args.json:
            print(json.dumps({k: v for k, v in row.items() if k not in ("plan", "sql", "selects")}), flush=True)
        else:
            flag = "" if row["status"] == 200 else f"  HTTP {row['status']}"
            print(f"{label:<32} median {row['median']:6.1f} ms  p95 {row['p95']:6.1f} ms  "
                  f"{row['queries']:3d} queries  slowest query {row['slowest']:6.1f} ms  "
                  f"(Python CPU {row['cpu']:5.1f} ms)  "
                  f"{path}{flag}", flush=True)
        if args.queries:
            for ms, sql in row["selects"]:
                print(f"    {ms:7.2f} ms  {sql[:160]}")
        if args.cprofile:
            print(python_profile(username, path))
        if args.plans and "plan" in row:
            print(row["sql"], "\n", row["plan"], "\n", sep="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
