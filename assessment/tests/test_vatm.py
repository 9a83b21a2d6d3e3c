"""The rule of evidence: VATM → KUK → unit → candidate (9.3.3–9.3.4)."""

from hypothesis import given
from hypothesis import strategies as st

from assessment import vatm

ALL = (True, True, True, True)
judgement = st.tuples(st.booleans(), st.booleans(), st.booleans(), st.booleans())
evidence_list = st.lists(judgement, max_size=4)
unit = st.dictionaries(st.integers(0, 30), evidence_list, max_size=5)
scheme = st.dictionaries(st.integers(0, 5), unit, max_size=4)


def test_evidence_counts_only_with_all_four():
    assert vatm.evidence_satisfies(ALL)
    for missing in range(4):
        partial = tuple(i != missing for i in range(4))
        assert not vatm.evidence_satisfies(partial)


def test_kuk_met_by_one_complete_piece_not_by_pieces_that_together_cover_vatm():
    assert vatm.criterion_met([(True, True, False, False), ALL])
    # V+A from one piece and T+M from another do not make a KUK met.
    assert not vatm.criterion_met([(True, True, False, False), (False, False, True, True)])
    assert not vatm.criterion_met([])


def test_unit_k_only_when_every_kuk_met_and_empty_unit_is_not_k():
    assert vatm.unit_competent({1: [ALL], 2: [ALL]})
    assert not vatm.unit_competent({1: [ALL], 2: []})
    assert not vatm.unit_competent({})


def test_candidate_kompeten_only_when_every_unit_k():
    outcome = vatm.evaluate({"A": {1: [ALL]}, "B": {2: [ALL], 3: [(True, True, True, False)]}})
    assert outcome.recommendation == vatm.BK
    assert outcome.units == {"A": True, "B": False}
    assert outcome.unmet == [("B", 3)]
    assert vatm.evaluate({"A": {1: [ALL]}, "B": {2: [ALL]}}).recommendation == vatm.K
    assert vatm.evaluate({}).recommendation == vatm.BK


@given(evidence_list)
def test_property_kuk_met_iff_some_evidence_has_all_four(evidence):
    assert vatm.criterion_met(evidence) == (ALL in evidence)


@given(scheme)
def test_property_kompeten_iff_every_kuk_of_every_nonempty_unit_has_complete_evidence(units):
    outcome = vatm.evaluate(units)
    expected = bool(units) and all(
        bool(criteria) and all(ALL in evidence for evidence in criteria.values()) for criteria in units.values()
    )
    assert outcome.is_competent == expected
    # BK always names what was not met, unless a unit had no KUK at all.
    if units and not outcome.is_competent and all(units.values()):
        assert outcome.unmet


@given(scheme, st.integers(0, 5), st.integers(0, 30), st.integers(0, 3))
def test_property_weakening_one_judgement_never_turns_bk_into_k(units, unit_key, kuk, position):
    before = vatm.evaluate(units).is_competent
    weakened = {u: {k: list(ev) for k, ev in c.items()} for u, c in units.items()}
    if unit_key in weakened and kuk in weakened[unit_key] and weakened[unit_key][kuk]:
        first = list(weakened[unit_key][kuk][0])
        first[position] = False
        weakened[unit_key][kuk][0] = tuple(first)
    after = vatm.evaluate(weakened).is_competent
    assert not (after and not before)


@given(scheme)
def test_property_unmet_lists_exactly_the_kuk_without_complete_evidence(units):
    outcome = vatm.evaluate(units)
    expected = [(u, k) for u, criteria in units.items() for k, ev in criteria.items() if ALL not in ev]
    assert outcome.unmet == expected
