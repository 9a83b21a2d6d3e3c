#!/usr/bin/env python
"""Benchmark of the reminder sweep (DESIGN.md budgets: a fixed number of queries whatever the
number of certificates; the idle sweep < 1 s at 100k and < 10 s at 1M certificates), judged by
scripts/budget.py.

Creates a throwaway PostgreSQL database, migrates it, seeds a small data set and sweeps twice (the
second sweep finds everything claimed), then adds the rest up to N certificates (`seed_bench`, also
timed) and sweeps twice again; compares the idle sweeps' query counts; drops the database (unless
--keep).

    .venv/bin/python scripts/bench_sweep.py --certificates 100000
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python scripts/bench_sweep.py

The server comes from BENCH_DATABASE_URL, else DATABASE_URL, else postgres://postgres@127.0.0.1:5432;
only its host, port and credentials are used.
"""

import argparse
import os
import secrets
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.budget import info, judge, sweep_idle_budget  # noqa: E402

# Certificates of the small data set the query count is compared with: enough for one row of every
# kind (with none, Django skips a prefetch and the count drops for want of data, not by design).
SMALL = 1000
SEED_MINUTES_PER_MILLION = 20  # seed_bench's budget (at least 2 min): minutes, not hours, for a million


def server_url() -> str:
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/"
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql", "pgsql"}:
        sys.exit(f"bench_sweep needs PostgreSQL, not {parts.scheme!r}")
    return urlunsplit((parts.scheme, parts.netloc, "", "", ""))


def admin_execute(server: str, sql: str) -> None:
    import psycopg2

    conn = psycopg2.connect(server + "/postgres")
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql)
    finally:
        conn.close()


def timed_sweep(today):
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from skema_lsp.reminders import sweep

    ContentType.objects.clear_cache()  # every sweep starts alike, so query counts compare
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = sweep(today)
        elapsed = time.perf_counter() - started
    return elapsed, len(queries), result


def seed(certificates: int, today_args: list[str], *, judged: bool) -> None:
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("seed_bench", "--certificates", str(certificates), *today_args, stdout=open(os.devnull, "w"))
    elapsed = time.perf_counter() - started
    name = f"seed_bench --certificates {certificates:,}"
    if judged:
        budget = max(2, SEED_MINUTES_PER_MILLION * certificates / 1_000_000) * 60
        judge(name, f"{elapsed:.0f} s", f"< {budget:.0f} s", elapsed < budget)
    else:
        info(name, f"{elapsed:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does on a live server after a bulk load


def sweep_twice(today, label: str) -> int:
    """The sweep that sends what is due, then the idle one (everything claimed); its query count."""
    elapsed, queries, result = timed_sweep(today)
    kinds = Counter(r.kind for r in result.sent)
    info(f"sweep sending, {label}", f"{elapsed:.2f} s, {queries} queries, {len(result.sent)} reminders "
         f"({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})")
    elapsed, queries, result = timed_sweep(today)
    return elapsed, queries, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--certificates", type=int, default=100_000)
    parser.add_argument("--today", help="reference date YYYY-MM-DD (default: today in Asia/Jakarta)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    server = server_url()
    name = f"skema_bench_{secrets.token_hex(4)}"
    admin_execute(server, f'CREATE DATABASE "{name}"')
    print(f"database {name}", file=sys.stderr)
    os.environ.update({"DATABASE_URL": f"{server}/{name}", "DEBUG": "true", "TESTING": "true",
                       "CELERY_BROKER_URL": "",
                       "DJANGO_SETTINGS_MODULE": "skema_lsp.settings"})
    try:
        import django

        django.setup()
        from datetime import date

        from django.conf import settings
        from django.core.management import call_command
        from django.db import connections
        from django.test.utils import setup_test_environment
        from django.utils import timezone

        setup_test_environment()
        # Thousands of emails: rendered and handed to a mailer that drops them (not the console).
        settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}
        call_command("migrate", verbosity=0)
        today_args = ["--today", args.today] if args.today else []
        today = date.fromisoformat(args.today) if args.today else timezone.localdate()
        # A small data set first, then the rest added to it: the idle sweep's query count at both sizes.
        small = min(SMALL, args.certificates)
        seed(small, today_args, judged=False)
        _, small_queries, _ = sweep_twice(today, f"{small} certificates")
        if args.certificates > small:
            seed(args.certificates - small, today_args, judged=True)
        elapsed, queries, result = sweep_twice(today, f"{args.certificates:,} certificates")
        budget = sweep_idle_budget(args.certificates)
        judge(f"sweep idle (everything claimed), {args.certificates:,} certificates",
              f"{elapsed:.2f} s, {queries} queries, {len(result.sent)} sent", f"< {budget:.0f} s and nothing sent",
              elapsed < budget and not result.sent)
        judge("sweep query count", f"{small_queries} at {small} certificates, {queries} at {args.certificates:,}",
              "the same whatever the number of certificates", queries == small_queries)
        connections.close_all()
    finally:
        if args.keep:
            print(f"kept database {name}", file=sys.stderr)
        else:
            admin_execute(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
