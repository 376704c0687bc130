"""Round 12b (issue 14): a query word an item holds only inside a longer word of its own
(古城 and 保护 inside the unit 武昌古城保护发展中心) counts less than a whole-word match, in the
ranking only; the ``confident`` flag still counts it in full."""

from __future__ import annotations

import numpy as np

from wrsearch.search import searcher as searcher_module


def test_a_word_only_inside_a_unit_name_is_a_fragment(engine):
    searcher = engine.searcher
    # 18 names 古城 only in its department 武昌古城保护发展中心; 15 says 古城保护 in its own words.
    by_no = {item.no: n for n, item in enumerate(searcher.items)}
    assert searcher.only_fragment("古城", by_no[18])
    assert not searcher.only_fragment("古城", by_no[15])
    # the query's own longer word around it is no fragment (业生 of 毕业生 inside 毕业生)
    assert not searcher.only_fragment("古城", by_no[18], around=["武昌古城保护发展中心"])


def test_fragments_count_less_in_the_ranking_not_in_the_flag(engine):
    searcher = engine.searcher
    plan = searcher.search_plan("古城")
    evidence = searcher.lexical_evidence(plan)
    by_no = {item.no: n for n, item in enumerate(searcher.items)}
    fragment, whole = by_no[18], by_no[15]  # 18 names 古城 only inside its department's name
    assert evidence.cover[fragment] < evidence.cover[whole] == 1.0
    assert evidence.cover[fragment] == searcher_module.FRAGMENT_CREDIT * evidence.flag_cover[fragment]
    # BM25 too: 18's share of it is the fragment credit's
    plain = searcher.retriever.lexical_scores(["古城"], searcher.term_weights(plan))
    assert np.isclose(evidence.scores[fragment], searcher_module.FRAGMENT_CREDIT * plain[fragment])
    assert np.isclose(evidence.scores[whole], plain[whole])
    # the flag reads the cover as it was before the rule
    flag_cover, _, _ = searcher.word_cover(plan, searcher.term_weights(plan), fragments=False)
    assert np.allclose(evidence.flag_cover, flag_cover)
    ranked = [hit.no for hit in engine.search("古城").hits]
    assert ranked.index(15) < ranked.index(18)


def test_a_whole_word_match_is_not_discounted(engine):
    searcher = engine.searcher
    plan = searcher.search_plan("雨污分流")
    evidence = searcher.lexical_evidence(plan)
    held = evidence.flag_cover > 0
    assert held.any() and np.allclose(evidence.cover[held], evidence.flag_cover[held])
