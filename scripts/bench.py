#!/usr/bin/env python
"""`make bench`: the three benchmarks, each line judged against DESIGN.md's budgets, then a one-line
summary. Exits non-zero on a FAIL only with BENCH_STRICT=1 (a shared machine makes timings noisy).

    .venv/bin/python scripts/bench.py [--certificates 100000]   # make bench
    .venv/bin/python scripts/bench.py --scale 1m                # make bench-1m: sweep + two lists on 1M

Only loopback traffic; every step stops by itself.
"""

import argparse
import json
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def machine() -> str:
    load = os.getloadavg()[0]
    return (f"{socket.gethostname()}, {os.cpu_count()} cores, {platform.python_implementation()} "
            f"{platform.python_version()}, load {load:.1f} at start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--certificates", type=int, default=int(os.environ.get("CERTIFICATES") or 100_000))
    parser.add_argument("--scale", choices=["default", "1m"], default=os.environ.get("BENCH_SCALE") or "default")
    args = parser.parse_args()
    if args.scale == "1m":
        n = 1_000_000
        steps = [["bench_sweep.py", "--certificates", str(n)],
                 ["bench_web.py", "--certificates", str(n), "--lists", "2", "--skip-verification"]]
    else:
        n = args.certificates
        steps = [["bench_pdf.py"], ["bench_sweep.py", "--certificates", str(n)],
                 ["bench_web.py", "--certificates", str(n)]]
    started = datetime.now()
    print(f"bench {started:%Y-%m-%d %H:%M} on {machine()}; {n:,} certificates", flush=True)
    with tempfile.NamedTemporaryFile(prefix="bench-", suffix=".jsonl", delete=False) as handle:
        results = Path(handle.name)
    try:
        env = {**os.environ, "BENCH_RESULTS": str(results)}
        crashed = [step[0] for step in steps
                   if subprocess.run([PY, str(ROOT / "scripts" / step[0]), *step[1:]], cwd=ROOT, env=env).returncode]
        rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    finally:
        results.unlink(missing_ok=True)
    minutes = (time.time() - started.timestamp()) / 60
    line, code = summary(rows, crashed, strict=os.environ.get("BENCH_STRICT") == "1")
    print(f"{line} in {minutes:.0f} min, {started:%Y-%m-%d} on {socket.gethostname()}", flush=True)
    return code


def summary(rows: list[dict], crashed: list[str], *, strict: bool) -> tuple[str, int]:
    """The closing line and the exit code: non-zero on a FAIL (or a crashed step) only when strict."""
    passed = sum(r["verdict"] == "PASS" for r in rows)
    failed = [r["name"] for r in rows if r["verdict"] == "FAIL"] + [f"{name} crashed" for name in crashed]
    line = f"bench summary: {passed} PASS, {len(failed)} FAIL" + (f" ({'; '.join(failed)})" if failed else "")
    return line, 1 if failed and strict else 0

if __name__ == "__main__":
    sys.exit(main())
