"""Related items across a file holding the city's report and the district's own: a heading naming a
report (一、《市政府工作报告》上半年完成情况) says whose task an item is, not what work it is, so it earns
no same-heading boost and is never shown as a reason (``relations.theme_heading``, round 16). On
花溪区 (retrieval_blind15, dev) it lifts related hit@5 from 0.84 to 0.94 and leaves every report
without such headings as it was (README "How well it searches")."""

from __future__ import annotations

from pathlib import Path

import pytest

from wrsearch.search.relations import theme_heading

from conftest import cli_json, index_report_alone

REPORT = Path(__file__).parent / "fixtures" / "retrieval_blind15" / "huaxi-2021-h1.txt"


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Path:
    return index_report_alone(tmp_path_factory, REPORT)


@pytest.mark.parametrize(
    ("section", "theme"),
    [
        ("《市政府工作报告》上半年完成情况", None),
        ("《区政府工作报告》1-3月完成情况", None),
        ("基层治理", "基层治理"),
        ("着力稳增长促发展", "着力稳增长促发展"),
        (None, None),
    ],
)
def test_a_heading_naming_a_report_is_no_theme(section, theme):
    assert theme_heading(section) == theme


@pytest.mark.parametrize(
    ("item", "partner"),
    [
        (19, 65),  # the city's task and the district's own work on it, under two report headings
        (4, 21),
        (7, 29),
    ],
)
def test_the_partner_under_the_other_report_heading_is_in_the_top_five(index, item, partner):
    out = cli_json("related", f"huaxi-2021-h1#{item}", "-k", "5", "--index", str(index))
    numbers = [int(hit["id"].split("#")[1]) for hit in out["hits"]]
    assert partner in numbers, numbers
    reasons = [hit["reason"] or "" for hit in out["hits"]] + [
        term for hit in out["hits"] for term in hit["shared_terms"]
    ]
    assert not any("政府工作报告" in reason for reason in reasons), reasons
