"""The rule of evidence (9.3.3–9.3.4) as pure functions, free of the database.

A piece of evidence counts only when it is Valid, Asli (authentic), Terkini (current) and Memadai
(sufficient). A KUK is met only by some piece of evidence that satisfies all four; a unit is K only
when every one of its KUK is met; the candidate is Kompeten only when every unit of the scheme is K.
Nothing assessed means not competent: an empty unit or scheme is never K.
"""

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field

VATM = tuple[bool, bool, bool, bool]
K = "K"
BK = "BK"


def evidence_satisfies(judgement: VATM) -> bool:
    valid, authentic, current, sufficient = judgement
    return bool(valid and authentic and current and sufficient)


def criterion_met(evidence: Iterable[VATM]) -> bool:
    return any(evidence_satisfies(j) for j in evidence)


def unit_competent(criteria: Mapping[Hashable, Iterable[VATM]]) -> bool:
    return bool(criteria) and all(criterion_met(evidence) for evidence in criteria.values())


def candidate_competent(units: Mapping[Hashable, bool]) -> bool:
    return bool(units) and all(units.values())


@dataclass(frozen=True)
class Outcome:
    recommendation: str  # "K" or "BK"
    units: dict = field(default_factory=dict)  # unit key -> bool (K?)
    criteria: dict = field(default_factory=dict)  # criterion key -> bool (met?)
    unmet: list = field(default_factory=list)  # [(unit key, criterion key)] in input order

    @property
    def is_competent(self) -> bool:
        return self.recommendation == K


def evaluate(scheme: Mapping[Hashable, Mapping[Hashable, Iterable[VATM]]]) -> Outcome:
    """scheme: unit -> (KUK -> judgements of its evidence). Returns the computed recommendation."""
    units: dict = {}
    criteria: dict = {}
    unmet: list = []
    for unit, unit_criteria in scheme.items():
        materialised = {kuk: list(evidence) for kuk, evidence in unit_criteria.items()}
        for kuk, evidence in materialised.items():
            criteria[kuk] = criterion_met(evidence)
            if not criteria[kuk]:
                unmet.append((unit, kuk))
        units[unit] = unit_competent(materialised)
    recommendation = K if candidate_competent(units) else BK
    return Outcome(recommendation=recommendation, units=units, criteria=criteria, unmet=unmet)
