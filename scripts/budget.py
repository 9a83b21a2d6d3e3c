"""How the benchmarks judge themselves (DESIGN.md "Budgets"): every figure is printed on one line with
its budget and PASS or FAIL (INFO for a figure with no budget), and recorded in the file named by
BENCH_RESULTS, from which scripts/bench.py prints the closing summary."""

import json
import os

# DESIGN.md "Budgets"
LIST_P95_MS = 50  # staff list pages at 16 connections, 100k certificates
VERIFICATION_SHARE = 0.75  # public verification throughput / hello-world's, same run
PDF_MEDIAN_MS = 100  # certificate PDF, warm
SK_CERTIFICATES, SK_SECONDS = 500, 60  # every certificate of one SK rendered by one worker
SWEEP_IDLE_S = {100_000: 1.0, 1_000_000: 10.0}  # idle sweep by number of certificates


def sweep_idle_budget(certificates: int) -> float:
    """The idle sweep's budget for `certificates`: 1 s up to 100k, 10 s up to 1M."""
    for size, seconds in sorted(SWEEP_IDLE_S.items()):
        if certificates <= size:
            return seconds
    return SWEEP_IDLE_S[max(SWEEP_IDLE_S)] * certificates / max(SWEEP_IDLE_S)


def judge(name: str, shown: str, budget: str, ok: bool) -> bool:
    print(f"{'PASS' if ok else 'FAIL'}  {name}: {shown}  (budget {budget})", flush=True)
    _record({"name": name, "shown": shown, "budget": budget, "verdict": "PASS" if ok else "FAIL"})
    return ok


def info(name: str, shown: str) -> None:
    print(f"INFO  {name}: {shown}  (no budget)", flush=True)
    _record({"name": name, "shown": shown, "budget": "", "verdict": "INFO"})


def _record(row: dict) -> None:
    path = os.environ.get("BENCH_RESULTS")
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(row) + "\n")
