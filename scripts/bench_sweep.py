#!/usr/bin/env python
"""Benchmark of the reminder sweep (DESIGN.md budgets: a fixed number of queries whatever the
number of certificates).

Creates a throwaway PostgreSQL database, migrates it, runs `seed_bench --certificates N`, then runs
the sweep twice (the second run finds everything claimed) and prints time and query count of each,
then drops the database (unless --keep).

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
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from skema_lsp.reminders import sweep

    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = sweep(today)
        elapsed = time.perf_counter() - started
    return elapsed, len(queries), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--certificates", type=int, default=100_000)
    parser.add_argument("--today", help="reference date YYYY-MM-DD (default: today in Asia/Jakarta)")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()

    server = server_url()
    name = f"skema_bench_{secrets.token_hex(4)}"
    admin_execute(server, f'CREATE DATABASE "{name}"')
    print(f"database {name}")
    os.environ.update({"DATABASE_URL": f"{server}/{name}", "DEBUG": "true", "TESTING": "true",
                       "CELERY_BROKER_URL": "",
                       "DJANGO_SETTINGS_MODULE": "skema_lsp.settings"})
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections
        from django.test.utils import setup_test_environment
        from django.utils import timezone

        setup_test_environment()  # emails go to memory, not thousands of them to the console
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"migrate: {time.perf_counter() - started:.1f} s")
        today_args = ["--today", args.today] if args.today else []
        started = time.perf_counter()
        call_command("seed_bench", "--certificates", str(args.certificates), *today_args)
        print(f"seed_bench --certificates {args.certificates}: {time.perf_counter() - started:.1f} s")
        from datetime import date

        today = date.fromisoformat(args.today) if args.today else timezone.localdate()
        from skema_lsp.reminders import collect

        started = time.perf_counter()
        due = collect(today)
        print(f"collect (what is due, read only): {time.perf_counter() - started:.2f} s, {len(due)} reminders")
        elapsed, queries, result = timed_sweep(today)
        kinds = Counter(r.kind for r in result.sent)
        print(f"sweep: {elapsed:.2f} s, {queries} queries, {len(result.sent)} reminders sent "
              f"(notification + email each), {len(result.moved)} state moves")
        for kind, count in sorted(kinds.items()):
            print(f"  {kind}: {count}")
        elapsed, queries, result = timed_sweep(today)
        print(f"sweep again: {elapsed:.2f} s, {queries} queries, {len(result.sent)} reminders sent")
        connections.close_all()
    finally:
        if args.keep:
            print(f"kept database {name}")
        else:
            admin_execute(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
