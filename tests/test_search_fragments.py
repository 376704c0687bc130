"""Issue 14: a query word an item holds only inside a longer word of its own counts less than a
whole-word match, in the ranking only; the ``confident`` flag still counts it in full.

Round 12b shipped the ``inside`` rule (any longer word: 古城 inside the unit 武昌古城保护发展中心)
at 0.75; round 12c, over twenty dev sets, ships ``unit`` at 0: only a match across the parts of a
unit's name the index lists (政审 in 行政|审批|局) is a fragment, and it counts nothing. The
mechanism is tested under both rules, each set explicitly; the last test reads the shipped values.
"""

from __future__ import annotations

import numpy as np
import pytest

from wrsearch.search import searcher as searcher_module
from wrsearch.search.searcher import FragmentRule


@pytest.fixture
def inside_rule(monkeypatch):
    """Round 12b's rule: any longer word, at 0.75."""
    monkeypatch.setattr(searcher_module, "FRAGMENT_RULE", FragmentRule.INSIDE)
    monkeypatch.setattr(searcher_module, "FRAGMENT_CREDIT", 0.75)


def positions(searcher) -> dict[int, int]:
    return {item.no: n for n, item in enumerate(searcher.items)}


def test_a_word_only_inside_a_unit_name_is_a_fragment(engine, inside_rule):
    searcher = engine.searcher
    # 18 names 古城 only in its department 武昌古城保护发展中心; 15 says 古城保护 in its own words.
    by_no = positions(searcher)
    assert searcher.only_fragment("古城", by_no[18])
    assert not searcher.only_fragment("古城", by_no[15])
    # the query's own longer word around it is no fragment (业生 of 毕业生 inside 毕业生)
    assert not searcher.only_fragment("古城", by_no[18], around=["武昌古城保护发展中心"])


def test_the_unit_rule_needs_a_match_across_a_unit_names_parts(engine, monkeypatch):
    monkeypatch.setattr(searcher_module, "FRAGMENT_RULE", FragmentRule.UNIT)
    searcher = engine.searcher
    by_no = positions(searcher)
    # 古城 is a whole part of 武昌|古城|保护|发展|中心: no fragment under this rule
    assert not searcher.only_fragment("古城", by_no[18])
    # 政审 crosses 行政|审批 of the unit 行政审批局, item 28's only place for it
    assert "政审" in searcher.folded_text(by_no[28])
    assert searcher.only_fragment("政审", by_no[28])


def test_fragments_count_less_in_the_ranking_not_in_the_flag(engine, inside_rule):
    searcher = engine.searcher
    plan = searcher.search_plan("古城")
    evidence = searcher.lexical_evidence(plan)
    by_no = positions(searcher)
    fragment, whole = by_no[18], by_no[15]  # 18 names 古城 only inside its department's name
    assert evidence.cover[fragment] < evidence.cover[whole] == 1.0
    assert evidence.cover[fragment] == 0.75 * evidence.flag_cover[fragment]
    # BM25 too: 18's share of it is the fragment credit's
    plain = searcher.retriever.lexical_scores(["古城"], searcher.term_weights(plan))
    assert np.isclose(evidence.scores[fragment], 0.75 * plain[fragment])
    assert np.isclose(evidence.scores[whole], plain[whole])
    # the flag reads the cover as it was before the rule
    flag_cover, _, _ = searcher.word_cover(plan, searcher.term_weights(plan), fragments=False)
    assert np.allclose(evidence.flag_cover, flag_cover)
    ranked = [hit.no for hit in engine.search("古城").hits]
    assert ranked.index(15) < ranked.index(18)


def test_the_shipped_rule_drops_a_unit_fragment_and_keeps_a_part(engine):
    searcher = engine.searcher
    by_no = positions(searcher)
    credit = searcher_module.FRAGMENT_CREDIT
    # 古城 in 18 counts in full (a whole part of the unit's name under the shipped rule)
    plan = searcher.search_plan("古城")
    evidence = searcher.lexical_evidence(plan)
    assert evidence.cover[by_no[18]] == evidence.flag_cover[by_no[18]] > 0
    # 政审 in 28 (across 行政|审批 of 行政审批局) counts the shipped credit, BM25 likewise
    plan = searcher.search_plan("政审")
    evidence = searcher.lexical_evidence(plan)
    fragment = by_no[28]
    assert evidence.flag_cover[fragment] > 0
    assert evidence.cover[fragment] == pytest.approx(credit * evidence.flag_cover[fragment])
    plain = searcher.retriever.lexical_scores(["政审"], searcher.term_weights(plan))
    assert np.isclose(evidence.scores[fragment], credit * plain[fragment])


def test_a_whole_word_match_is_not_discounted(engine):
    searcher = engine.searcher
    plan = searcher.search_plan("雨污分流")
    evidence = searcher.lexical_evidence(plan)
    held = evidence.flag_cover > 0
    assert held.any() and np.allclose(evidence.cover[held], evidence.flag_cover[held])
