"""`make bench` judges itself: each figure is printed with its budget and PASS or FAIL and recorded
for the closing summary, which fails the run only when BENCH_STRICT asks for it."""

import json

from scripts import budget
from scripts.bench import summary


def test_each_line_shows_its_budget_and_verdict_and_is_recorded(tmp_path, monkeypatch, capsys):
    results = tmp_path / "results.jsonl"
    monkeypatch.setenv("BENCH_RESULTS", str(results))
    assert budget.judge("certificate PDF, warm", "median 80 ms", "median <= 100 ms", True)
    assert not budget.judge("staff list /x/", "p95 70 ms", "p95 < 50 ms", False)
    budget.info("hello-world view", "900 req/s")
    assert capsys.readouterr().out.splitlines() == [
        "PASS  certificate PDF, warm: median 80 ms  (budget median <= 100 ms)",
        "FAIL  staff list /x/: p95 70 ms  (budget p95 < 50 ms)",
        "INFO  hello-world view: 900 req/s  (no budget)",
    ]
    rows = [json.loads(line) for line in results.read_text().splitlines()]
    assert [r["verdict"] for r in rows] == ["PASS", "FAIL", "INFO"]
    assert summary(rows, [], strict=False) == ("bench summary: 1 PASS, 1 FAIL (staff list /x/)", 0)
    assert summary(rows, [], strict=True)[1] == 1
    assert summary(rows[:1], [], strict=True) == ("bench summary: 1 PASS, 0 FAIL", 0)
    crashed = ("bench summary: 1 PASS, 1 FAIL (bench_web.py crashed)", 1)
    assert summary(rows[:1], ["bench_web.py"], strict=True) == crashed


def test_idle_sweep_budget_is_1_s_at_100k_and_10_s_at_1m():
    assert budget.sweep_idle_budget(100_000) == 1.0
    assert budget.sweep_idle_budget(100_001) == budget.sweep_idle_budget(1_000_000) == 10.0
