"""Clause numbers live on the verbs: every sub-clause of the scheme (6, 8, 9.1–9.10) that the product
enforces is named in the docstring of exactly one function of a services.py, the one that enforces
it. The table is built from the docstrings, so `grep 9.4.6` lands on issue_certificate. Clauses that
state a principle rather than an action are listed below with the reason they have no verb."""

import ast
import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
SEED_CLAUSES = (
    ["6.1", "6.2", "6.3", "6.4", "8"]
    + [f"9.1.{i}" for i in range(1, 7)] + [f"9.2.{i}" for i in range(1, 7)] + [f"9.3.{i}" for i in range(1, 6)]
    + [f"9.4.{i}" for i in range(1, 8)] + ["9.5.1", "9.5.2"] + [f"9.6.{i}" for i in range(1, 5)]
    + [f"9.7.{i}" for i in range(1, 5)] + [f"9.8.{i}" for i in range(1, 5)] + [f"9.9.{i}" for i in range(1, 8)]
    + ["9.10"]
)
PRINCIPLES = {
    "9.2.1": "how assessment is designed; the plan (9.2.3, 9.2.4) and the record (9.3.3–9.3.5) carry it",
    "9.4.1": "a property of every stage's records (audit rows, snapshots), not one action",
    "9.6.1": "the purpose of surveillance; its actions are 9.6.2–9.6.4",
    "9.7.3": "a recertification runs through assessment as any application does (9.2, 9.3)",
    "9.7.4": "a recertification is decided as any application is (9.4)",
    "9.9.5": "impartiality is what the uninvolved panel (9.9.4) and the majority rule (9.9.7) give",
}

RANGE = re.compile(r"\b(\d+(?:\.\d+)+)\s*[–-]\s*(\d+(?:\.\d+)+)\b")
CLAUSE = re.compile(r"(?<![\d.])(6\.[1-4]|9\.10|9\.\d\.\d+)(?!\d)")
FEE_CLAUSE = re.compile(r"\b[Cc]lause 8\b")


def clauses_in(text: str) -> set[str]:
    found = set(CLAUSE.findall(text))
    for start, end in RANGE.findall(text):
        head, first, last = start.rsplit(".", 1)[0], int(start.rsplit(".", 1)[1]), int(end.rsplit(".", 1)[1])
        if end.rsplit(".", 1)[0] == head:
            found |= {f"{head}.{n}" for n in range(first, last + 1)}
    if FEE_CLAUSE.search(text):
        found.add("8")
    return found


def clause_table() -> dict[str, list[str]]:
    """Clause → the services functions whose docstring names it."""
    table: dict[str, list[str]] = {}
    for path in sorted(ROOT.glob("*/services.py")):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for clause in clauses_in(ast.get_docstring(node) or ""):
                    table.setdefault(clause, []).append(f"{path.parent.name}.services.{node.name}")
    return table


def test_the_reader_understands_ranges_and_the_fee_clause():
    assert clauses_in("Record the result (9.6.3–9.6.4).") == {"9.6.3", "9.6.4"}
    assert clauses_in("claimed (6.1–6.4)") == {"6.1", "6.2", "6.3", "6.4"}
    assert clauses_in("Clause 8 (fee): due 14 days later; grounds 9.5.1 a–d; 9.10") == {"8", "9.5.1", "9.10"}
    assert clauses_in("version 19.4.6, section 9.4, 28 days") == set()


def test_every_enforced_clause_has_one_home():
    table = clause_table()
    enforced = [c for c in SEED_CLAUSES if c not in PRINCIPLES]
    assert [c for c in enforced if c not in table] == [], "name the clause in the docstring of the verb enforcing it"
    assert {c: homes for c, homes in table.items() if len(homes) > 1} == {}, "one home per clause"


def test_principles_are_not_also_homed_and_name_seed_clauses():
    assert set(PRINCIPLES) <= set(SEED_CLAUSES)
    assert sorted(set(PRINCIPLES) & set(clause_table())) == []


def test_homes_are_the_verbs_that_enforce_them():
    table = clause_table()
    assert table["9.4.6"] == ["decisions.services.issue_certificate"]
    assert table["9.4.2"] == ["decisions.services.cast_vote"]
    assert table["8"] == ["registration.services.payment_due_on"]
