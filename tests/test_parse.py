"""The parser on the seed report and on small variant reports written here."""

from __future__ import annotations

import pytest

from wrsearch.errors import ParseError
from wrsearch.ingest.items import cn_to_int, split_departments
from wrsearch.ingest.read import parse_file, parse_text

from conftest import SEED


@pytest.fixture(scope="module")
def seed():
    return parse_file(SEED)


def test_seed_header_title_year_period(seed):
    assert seed.id == "wuchang-2021-q1"
    assert seed.title == "2021年区《政府工作报告》责任分解事项 1-3月份完成情况"
    assert (seed.year, seed.period) == (2021, "1-3月")
    assert seed.header["发布机构"] == "区政府办"
    assert seed.header["索引号"] == "737546075/2021-33587"
    assert seed.header["公开日期"] == "2021年04月27日"
    assert seed.header["主题分类"] == "综合政务;政务督查"
    assert seed.header["文号"] == ""


def test_seed_has_69_numbered_items_in_order(seed):
    assert [item.no for item in seed.items] == list(range(1, 70))
    assert all(item.task and item.departments and item.progress for item in seed.items)


def test_item_18_keeps_its_five_departments_without_closing_parenthesis(seed):
    item = seed.items[17]
    assert item.departments == ["区建设局", "区城改局", "滨江商务区管委会", "华中金融城管委会", "武昌古城保护发展中心"]
    assert "责任单位" not in item.task and item.task.endswith("安排区级城建投资100亿元以上。")
    assert item.progress.startswith("一季度完成城建投资35亿元")


def test_item_37_progress_splits_by_department(seed):
    segments = seed.items[36].segments
    assert [s.department for s in segments] == ["市生态环境局武昌分局", "区城管局", "区交通大队"]
    assert segments[0].text.startswith("完成全区13条街道空气质量监测站")
    assert segments[1].text.startswith("采取分路段")


@pytest.mark.parametrize(
    ("no", "departments"),
    [
        (7, ["区发改局", "区科经局", "区文旅局", "区卫健局", "区金融工作局"]),
        (42, ["区水务湖泊局", "市生态环境局武昌分局"]),
        (62, ["区委编办", "区民政局", "区财政局"]),
    ],
)
def test_segments_of_multi_department_items(seed, no, departments):
    assert [s.department for s in seed.items[no - 1].segments] == departments


def test_single_department_item_has_no_segments(seed):
    assert seed.items[34].segments == []


def test_stray_last_line_belongs_to_no_item(seed):
    assert seed.dropped_lines == ["人大"]
    assert not seed.items[-1].progress.endswith("人大")


VARIANT_DUNHAO = """2022年区《政府工作报告》责任分解事项1-6月份完成情况

1、推进老旧小区改造。(市级牵头单位:市住房和城乡建设局;区级牵头单位:区房管局、区建设局)
完成情况:完成改造12个小区。

二期工程已开工。
2、建设口袋公园5个。(责任单位:区园林局)
完成情况:已建成2个。
"""


def test_dunhao_numbering_roles_and_multi_paragraph_progress():
    report = parse_text(VARIANT_DUNHAO, "variant-2022-h1")
    assert (report.year, report.period) == (2022, "1-6月")
    first, second = report.items
    assert first.roles == {"市级牵头单位": ["市住房和城乡建设局"], "区级牵头单位": ["区房管局", "区建设局"]}
    assert first.departments == ["市住房和城乡建设局", "区房管局", "区建设局"]
    assert first.progress == "完成改造12个小区。\n二期工程已开工。"
    assert (second.no, second.departments, second.progress) == (2, ["区园林局"], "已建成2个。")


VARIANT_CHINESE_NUMERALS = """2023年全年完成情况
一、《市政府工作报告》涉及事项完成情况
(一)打好蓝天保卫战，改善空气质量。（责任单位：区生态环境局，区城管局）
完成情况：全年优良天数280天。
（二）推进长江大保护。（责任单位：区水务局；区农业农村局）
完成情况：完成岸线整治3公里。
1.其中岸线复绿2公里。
(十一)不是下一项
"""


def test_chinese_numerals_full_width_punctuation_and_sections():
    report = parse_text(VARIANT_CHINESE_NUMERALS, "variant-2023")
    assert (report.year, report.period) == (2023, "全年")
    assert [item.no for item in report.items] == [1, 2]
    first, second = report.items
    assert first.departments == ["区生态环境局", "区城管局"]
    assert first.section == "《市政府工作报告》涉及事项完成情况"
    assert second.departments == ["区水务局", "区农业农村局"]
    # "1." and "(十一)" inside progress are not new items.
    assert "其中岸线复绿2公里" in second.progress and "不是下一项" in second.progress


@pytest.mark.parametrize("close", ["）", ""])
def test_a_unit_name_with_a_bracket_of_its_own_keeps_the_block(close):
    text = (
        "1.优化热线服务。（责任单位：区政务服务中心（12345热线办）、区数据局" + close + "\n完成情况：受理诉求8.7万件。\n"
        "2.新建口袋公园5个。(责任单位:区园林局(区绿化委员会办公室))\n完成情况:建成3个。"
    )
    first, second = parse_text(text, "r").items
    assert first.task == "优化热线服务。" and first.departments == ["区政务服务中心（12345热线办）", "区数据局"]
    assert second.task == "新建口袋公园5个。" and second.departments == ["区园林局(区绿化委员会办公室)"]


def test_item_without_progress_and_with_wrapped_task():
    report = parse_text(
        "1.第一行任务\n继续任务。(责任单位:区财政局)\n2.第二项。(责任单位:区教育局)\n完成情况:有进展。", "r"
    )
    assert report.items[0].task == "第一行任务继续任务。"
    assert report.items[0].progress == ""
    assert report.items[1].progress == "有进展。"


@pytest.mark.parametrize("text", ["", "   \n\n", "人大\n", "这是一段没有编号事项的普通文字。\n第二段。"])
def test_text_without_items_is_a_parse_error_naming_the_source(text):
    with pytest.raises(ParseError, match="empty-report.txt:没有找到编号事项"):
        parse_text(text, "empty-report", source="empty-report.txt")


def test_unreadable_and_binary_files(tmp_path):
    with pytest.raises(ParseError, match="无法读取"):
        parse_file(tmp_path / "missing.txt")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ParseError, match="binary.txt"):
        parse_file(binary)


def test_gb18030_file_is_read(tmp_path):
    path = tmp_path / "gbk-2021.txt"
    path.write_bytes(VARIANT_DUNHAO.encode("gb18030"))
    assert len(parse_file(path).items) == 2


@pytest.mark.parametrize(
    ("numeral", "value"), [("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("六十九", 69), ("一百零三", 103)]
)
def test_chinese_numerals(numeral, value):
    assert cn_to_int(numeral) == value


def test_split_departments_on_every_separator():
    assert split_departments("区财政局、区教育局,区民政局，区司法局;区残联；区科协") == [
        "区财政局",
        "区教育局",
        "区民政局",
        "区司法局",
        "区残联",
        "区科协",
    ]


# Numbered lists inside progress texts (issue 16). Invented items, not real reports.
NESTED_LISTS = """2022年区《政府工作报告》责任分解事项1-6月份完成情况
1.推进老旧小区改造。(责任单位:区房管局)
完成情况:一季度推进三项工作:
(1)完成摸底调查;
(2)启动设计:
1.选址3处;
2.完成设计方案。
(3)开工2个小区。
2.建设口袋公园5个。(责任单位:区园林局)
完成情况:已建成2个:1.紫阳公园;2.首义公园。
3.新增普惠性幼儿园学位600个
完成情况:已新增学位120个。分三步:
1.摸底;
2.改扩建;
3.验收。
4.开展垃圾分类示范片区创建。(责任单位:区城管局)
完成情况:创建示范片区4个。
"""

NESTED_CHINESE = """2023年区《政府工作报告》责任分解事项全年完成情况
(一)打好蓝天保卫战。(责任单位:区生态环境局)
完成情况:
(一)完成监测站建设;
(二)开展扬尘治理,其中:
1、工地围挡全覆盖;
2、渣土车全密闭。
(二)推进长江大保护。(责任单位:区水务局)
完成情况:完成岸线整治3公里。
"""

LIST_BEFORE_PROGRESS = """2022年区《政府工作报告》责任分解事项1-3月份完成情况
1.实施三项民生工程:
2.新建社区食堂10家;
3.改造老旧小区30个。(责任单位:区民政局)
完成情况:均已启动。
2.建设智慧停车场3处。(责任单位:区城管局)
完成情况:已建成2处。
"""


def test_numbered_lists_inside_progress_stay_in_their_item():
    report = parse_text(NESTED_LISTS, "nested-2022-h1")
    assert [item.no for item in report.items] == [1, 2, 3, 4]
    first, second, third, fourth = report.items
    assert first.task == "推进老旧小区改造。" and first.departments == ["区房管局"]
    for part in ("(1)完成摸底调查", "1.选址3处", "2.完成设计方案", "(3)开工2个小区"):
        assert part in first.progress
    assert second.task == "建设口袋公园5个。" and "2.首义公园" in second.progress
    # No department block, but item 2 has its progress: "3." opens item 3; its own list stays.
    assert third.task == "新增普惠性幼儿园学位600个" and third.departments == []
    assert all(part in third.progress for part in ("1.摸底", "2.改扩建", "3.验收"))
    assert fourth.task == "开展垃圾分类示范片区创建。" and fourth.progress == "创建示范片区4个。"


def test_chinese_numbered_lists_inside_progress():
    report = parse_text(NESTED_CHINESE, "nested-2023")
    assert [item.no for item in report.items] == [1, 2]
    first, second = report.items
    for part in ("(一)完成监测站建设", "(二)开展扬尘治理", "1、工地围挡全覆盖", "2、渣土车全密闭"):
        assert part in first.progress
    assert second.task == "推进长江大保护。" and second.departments == ["区水务局"]


def test_a_numbered_line_in_the_task_before_its_progress_is_not_an_item():
    report = parse_text(LIST_BEFORE_PROGRESS, "listed-2022-q1")
    assert [item.no for item in report.items] == [1, 2]
    assert report.items[0].task == "实施三项民生工程:2.新建社区食堂10家;3.改造老旧小区30个。"
    assert report.items[0].departments == ["区民政局"]
    assert report.items[1].task == "建设智慧停车场3处。"


# Section headings numbered like items, "(一)稳增长" between "1、" items. Invented text.
PAREN_HEADINGS = """2023年区《政府工作报告》重点任务1-6月份完成情况
(一)稳增长、促发展
1、地区生产总值增长6%。(责任单位:区发改局)
完成情况:数据待统计部门反馈。
2、新建5G基站300个。(责任单位:区科经局)
完成情况:分三步推进:
(一)完成选址
(二)完成审批
(三)开工120个
(二)补短板、惠民生
3、新增普惠性学位600个。(责任单位:区教育局)
完成情况:已新增学位120个。
4、改造老旧小区30个。(责任单位:区房管局)
完成情况:已开工12个,其中:
(一)完成设计
5、建设口袋公园5个。(责任单位:区园林局)
完成情况:已建成2个。
"""


def test_parenthesised_section_headings_are_sections_not_text():
    report = parse_text(PAREN_HEADINGS, "headings-2023-h1")
    assert [item.no for item in report.items] == [1, 2, 3, 4, 5]
    first, second, third, fourth, fifth = report.items
    assert first.task == "地区生产总值增长6%。" and first.section == "稳增长、促发展"
    # The list's last entry is followed by a heading, and the heading by item 3: the entry
    # stays in item 2, the heading goes to item 3 and is in no progress text.
    assert all(part in second.progress for part in ("(一)完成选址", "(二)完成审批", "(三)开工120个"))
    assert "补短板" not in second.progress and third.section == "补短板、惠民生"
    # A list announced by "其中:" is a list, even of one entry right before the next item.
    assert "(一)完成设计" in fourth.progress and fifth.section == "补短板、惠民生"


# Tasks that open with a figure: a hotline's number, a year. Invented; a blind writer's report
# (retrieval_blind5) had "57、12315投诉举报…", which glued every later item onto item 56.
TASKS_OPENING_WITH_FIGURES = """2025年区《政府工作报告》重点工作上半年完成情况
1、新建学校3所。(责任单位:区教育局)
完成情况:已开工2所。
3.5亿元建设资金已到位。
2、12345热线按时办结率达到98%。(责任单位:区政务服务中心)
完成情况:按时办结率98.6%。
3.2025年底前建成城北污水处理厂。(责任单位:区水务局)
完成情况:主体工程完成60%。
4.1.2万户老旧小区完成改造。(责任单位:区住建局)
完成情况:已完成0.4万户。
2.8亿元已拨付。
"""


def test_tasks_opening_with_a_figure_are_items_and_decimals_stay_text():
    report = parse_text(TASKS_OPENING_WITH_FIGURES, "figures-2025-h1")
    assert [item.no for item in report.items] == [1, 2, 3, 4]
    first, second, third, fourth = report.items
    assert "3.5亿元建设资金已到位" in first.progress  # a decimal at a line's start is text
    assert second.task.startswith("12345热线") and second.departments == ["区政务服务中心"]
    assert third.task.startswith("2025年底前") and third.departments == ["区水务局"]
    assert fourth.task.startswith("1.2万户") and "2.8亿元已拨付" in fourth.progress
