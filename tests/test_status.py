"""Supervision (issue 17): a status per item and per department segment with the clause and
rule behind it — through the engine, the CLI and HTTP on the real seed index, over time on the
4-period fixtures (``tests/fixtures/periods``), and measured against the labels of
``tests/data/status_labels.jsonl`` (written blind from the report text; tune on dev only)."""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from wrsearch.answer import status as status_module
from wrsearch.answer.status import ORDER, RANK, StatusValue, assess, expected_share
from wrsearch.api import create_app
from wrsearch.cli import app
from wrsearch.engine import Engine
from wrsearch.errors import BadInput
from wrsearch.evaluate import choose_band, evaluate_status, label_evidence, load_status_labels

LABELS = Path(__file__).parent / "data" / "status_labels.jsonl"
FIXTURES = Path(__file__).parent / "fixtures" / "periods"
SEED_REPORT = "wuchang-2021-q1"
runner = CliRunner()


@pytest.fixture(scope="module")
def periods(periods_index) -> Engine:
    return Engine(periods_index)


@pytest.fixture
def run(seed_index, monkeypatch):
    monkeypatch.setenv("WRSEARCH_INDEX", str(seed_index))
    monkeypatch.setenv("COLUMNS", "200")
    return lambda *args: runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def client(seed_index) -> TestClient:
    return TestClient(create_app(index_dir=seed_index))


def labelled(split: str | None = None, status: str | None = None) -> set[str]:
    """Ids of whole items labelled (optionally of one split and status)."""
    return {
        f"{SEED_REPORT}#{row.item}"
        for row in load_status_labels(LABELS, split)
        if row.segment is None and (status is None or row.status == status)
    }


# -- the rule ---------------------------------------------------------------------------------
def assert_assessed(task: str, progress: str, period: str, status: str):
    """:func:`assess` of one item in ``period`` gives ``status``, from a clause of ``progress`` that
    its reason names (a failure shows the reason). Returns the assessment."""
    result = assess(task, progress, period)
    assert result.status.value == status, result.reason
    assert result.clause and result.clause in progress and result.clause in result.reason
    return result


def test_expected_share_follows_the_period():
    assert [expected_share(p) for p in ("1-3月", "1-6月", "1-9月", "全年", "1-4月", None)] == [
        25.0,
        50.0,
        75.0,
        100.0,
        33.3,
        None,
    ]


@pytest.mark.parametrize(
    "task, progress, period, status",
    [
        ("全年完成投资100亿元。", "一季度完成率13.8%。", "1-3月", "滞后"),
        ("全年完成投资100亿元。", "完成全年目标39.5%。", "1-3月", "超进度"),
        ("全年完成投资100亿元。", "完成率30.4%。", "1-3月", "正常推进"),
        ("新建口袋公园3个。", "已建成口袋公园1个,在建2个。", "1-6月", "滞后"),
        ("新建口袋公园3个。", "已建成口袋公园3个。", "全年", "已完成"),
        ("推进招商。", "一季度任务数32个,完成数14个。", "1-3月", "滞后"),
        ("城镇居民收入增长8%。", "相关数据未出。", "1-3月", "数据未出"),
        ("建设区应急物资储备库。", "项目尚未启动。", "1-3月", "未启动"),
        ("建设区应急物资储备库。", "启动选址工作。", "1-3月", "正常推进"),
        ("新增企业3000家。", "新增企业1020家,进度滞后于时序进度。", "1-6月", "滞后"),
        ("完成老旧小区改造42个。", "42个小区全部完工。", "全年", "已完成"),
        ("社会消费品零售总额增长10%。", "增幅58.5%。", "1-3月", "超进度"),
        ("新建口袋公园3个。", "3个口袋公园均已完成方案设计。", "1-3月", "正常推进"),  # a stage, not the task
    ],
)
def test_the_rule_on_the_ways_progress_is_written(task, progress, period, status):
    assert_assessed(task, progress, period, status)


# Invented sentences (no fixture's nouns) for the phrasings the blind set showed the rules missing
# (docs/status-blind.md), and for what those rules must leave alone.
@pytest.mark.parametrize(
    "task, progress, period, status",
    [
        # not started: a negated start beats preparatory stages and plans
        ("建设区档案馆新馆。", "项目选址和方案设计已完成,尚未开工。", "1-6月", "未启动"),
        ("实施智慧停车平台建设。", "平台建设工作尚未启动,计划四季度招标。", "1-6月", "未启动"),
        ("新建区应急指挥中心。", "可研报告已批复,用地手续正在办理中,未动工。", "1-9月", "未启动"),
        ("推进老旧街区更新。", "东片区已启动,西片区尚未启动。", "1-6月", "正常推进"),  # one part under way
        # figures not out
        ("新认定专精特新企业20家。", "今年认定名单尚未公布。", "1-6月", "数据未出"),
        ("城镇居民人均可支配收入增长8%。", "二季度数据待市统计局反馈。", "1-6月", "数据未出"),
        ("全社会研发投入增长10%。", "该指标按年度统计。", "1-9月", "数据未出"),
        # rates of the task, which are not the task done
        ("完成水利投资5亿元。", "完成投资1.2亿元,占年度计划投资的24%。", "1-6月", "滞后"),
        ("完成农村公路提档升级120公里。", "完成年度任务的52%。", "1-6月", "正常推进"),
        ("实施滨河大道改造。", "工程进度达45%。", "1-9月", "滞后"),
        ("社会消费品零售总额增长8%。", "社会消费品零售总额同比下降2.1%。", "1-6月", "滞后"),
        # done against a target the progress states, or a task stated with period words
        ("全面完成信访积案化解。", "排查积案40件,已完成化解30件,其余10件正在化解。", "1-6月", "超进度"),
        ("改造农贸市场8个。", "8个市场均已进场施工,其中3个已完工。", "1-9月", "滞后"),
        ("完成工业投资80亿元。", "全年计划完成工业投资80亿元,1-6月完成24亿元。", "1-6月", "滞后"),
        ("新增造林面积1.5平方公里。", "新增造林1.2平方公里。", "1-6月", "超进度"),
        # a task naming and counting its parts
        (
            "建成城东、城西2座污水处理厂。",
            "城东污水处理厂已于6月建成投用;城西污水处理厂正在进行设备调试。",
            "1-9月",
            "滞后",
        ),
        (
            "新建星湖小学、南岭中学2所学校。",
            "星湖小学完成主体结构施工30%;南岭中学完成桩基施工,正在开展承台施工。",
            "1-3月",
            "正常推进",
        ),
        # the whole task done, named by its short name; a continuing clause needs no finishing
        ("完成区妇幼保健院综合楼建设。", "综合楼已竣工,10月起投入使用。", "1-9月", "已完成"),
        ("上线运行区级公共资源交易平台,推进交易全流程电子化。", "交易平台已于5月正式上线运行。", "1-6月", "已完成"),
        # a forecast is not done; an estimate of what was done is not a forecast
        ("新建游园4个。", "已建成游园2个,预计12月底前全部建成。", "1-9月", "滞后"),
        ("地区生产总值增长7%。", "地区生产总值预计完成120亿元,增长7.5%。", "1-3月", "正常推进"),
        # a lag said to be over
        ("新增市场主体8000户。", "新增市场主体6100户,完成率76.3%,扭转了一季度进度滞后的局面。", "1-9月", "正常推进"),
    ],
)
def test_the_rule_on_phrasings_the_blind_set_showed(task, progress, period, status):
    assert_assessed(task, progress, period, status)


@pytest.mark.parametrize(
    "progress, status",
    [
        ("沿河征收工作已完成,共签约86户。", "已完成"),  # its part done, nothing pending
        ("北段已完工,南段正在施工。", "正常推进"),  # a part still under way
        ("管网迁改已完成,道路施工完成总工程量的40%。", "滞后"),  # a figure behind beats a step done
        ("实施方案已完成,整治工作尚未启动。", "未启动"),  # a preparatory stage done is not the part
    ],
)
def test_a_department_segment_saying_its_part_is_done(progress, status):
    result = assess("实施滨江路综合改造工程,年内完工。", progress, "1-9月", department="区建设局")
    assert result.status.value == status, result.reason
    assert result.clause in progress and result.clause in result.reason and result.department == "区建设局"


# Invented sentences for the general causes the second blind set showed (docs/status-blind2.md),
# and for what those rules must leave alone.
@pytest.mark.parametrize(
    "task, progress, period, status",
    [
        # no progress reported is no data, not work
        ("城镇登记失业率控制在4%以内。", "牵头单位暂未报送完成情况。", "1-6月", "数据未出"),
        ("新增绿化面积30公顷。", "未报送。", "1-9月", "数据未出"),
        ("推进河道保洁。", "该单位未提供进展情况。", "全年", "数据未出"),
        ("推进燃气管道改造。", "牵头单位未按时报送完成情况。", "1-6月", "数据未出"),
        # a forecast or estimate is not a measured share
        ("工业增加值增长8%。", "工业增加值数据待市统计局核算。初步测算,预计全年增长6%左右。", "全年", "数据未出"),
        ("进出口总额增长5%。", "预计全年增长4%左右。", "全年", "数据未出"),
        ("进出口总额增长5%。", "上半年数据尚未公布,预计增长3%左右。", "1-6月", "数据未出"),
        # a one-part task that is an act: the act done
        ("举办第三届龙舟邀请赛。", "6月18日圆满举办第三届龙舟邀请赛,参赛队伍32支。", "1-6月", "已完成"),
        ("出台《关于支持民营经济发展的实施意见》。", "《实施意见》已于4月印发。", "1-6月", "已完成"),
        ("出台《关于支持民营经济发展的实施意见》。", "《实施意见》已完成初稿起草,正在征求意见。", "1-6月", "正常推进"),
        ("举办首届数字经济峰会。", "5月20日举办首届数字经济峰会,签约项目8个。", "1-6月", "已完成"),
        ("举办首届数字经济峰会。", "数字经济峰会如期举办。", "1-6月", "已完成"),
        ("举办区第二届读书节。", "读书节拟于9月举办,目前正在筹备。", "1-6月", "正常推进"),
        ("举办全民健身运动会。", "已召开全民健身运动会筹备会,确定比赛项目12个。", "1-3月", "正常推进"),
        # a year's target said met or missed in a 全年 report; earlier it is not yet due
        (
            "道路交通事故起数、死亡人数实现“双下降”。",
            "全年发生道路交通事故21起、死亡5人,同比分别下降12%、17%,实现“双下降”目标。",
            "全年",
            "已完成",
        ),
        ("火灾事故起数下降。", "全年发生火灾42起,同比下降9%。", "全年", "已完成"),
        ("新增规上工业企业30家。", "全年新增规上工业企业24家,未完成年度目标。", "全年", "滞后"),
        ("建成区级应急指挥平台。", "平台主体功能已开发,受硬件采购延迟影响,未达到年度目标。", "全年", "滞后"),
        ("新增规上工业企业30家。", "一季度新增规上工业企业8家,尚未完成年度目标。", "1-3月", "正常推进"),
        # a part finished is not the whole when the total lags
        ("改造城区供水管网20公里。", "全年完成供水管网改造15公里,其中老城片区6公里已全部完工。", "全年", "滞后"),
        ("改造城区供水管网20公里。", "全年完成改造15公里。老城片区6公里管网已全部完工,新区片区顺延。", "全年", "滞后"),
        ("改造城区供水管网20公里。", "20公里管网已全部完工。", "全年", "已完成"),
        ("建设区智能制造产业园。", "一期工程已全部完工,二期正在进行主体施工。", "1-9月", "正常推进"),
        ("完成老城片区棚户区改造。", "老城片区棚户区改造已全部完工。", "1-9月", "已完成"),  # the task's own area
        # work put off has not started
        ("建设区青少年活动中心。", "因用地调整,项目暂缓实施。", "1-9月", "未启动"),
        ("建设区青少年活动中心。", "受资金影响,项目推迟开工,用地手续正在办理。", "1-9月", "未启动"),
        # a count of another object is not the target's, when the text names the target's elsewhere
        (
            "新增专精特新企业20家。",
            "专精特新企业认定工作由省里统一组织,一季度新增梯度培育库企业12家。",
            "1-3月",
            "正常推进",
        ),
        ("新增专精特新企业20家。", "一季度新增专精特新企业12家。", "1-3月", "超进度"),
    ],
)
def test_the_rule_on_phrasings_the_second_blind_set_showed(task, progress, period, status):
    assert_assessed(task, progress, period, status)


# Invented sentences (none of the fixture's nouns) for the general causes the third blind set
# showed (docs/status-blind3.md): counts of things installed, put online or opened; a count of an
# earlier stage than the target's; a figure whose clause names only that it is done; a deliverable
# finished by acceptance or opening, in a clause without a subject of its own, or named by the head
# of its name — and for what those rules must leave alone (trial runs, a stage, another building).
@pytest.mark.parametrize(
    "task, progress, period, status",
    [
        # installed, online, opened, connected: done figures
        ("新建智能充电桩200个。", "完成充电桩点位勘察180处,其中已安装到位60个。", "1-6月", "滞后"),
        ("建设社区智能快递柜150组。", "已安装120组。", "1-6月", "超进度"),
        ("年内实现300项政务服务事项“掌上办”。", "已上线“掌上办”事项160项。", "1-6月", "正常推进"),
        ("开通城乡公交线路10条。", "已开通8条。", "1-6月", "超进度"),
        ("推动500家企业“上云”。", "已接入工业互联网平台企业120家。", "1-9月", "滞后"),
        # an earlier stage (开工, 签约) is compared only with a target of that stage
        ("新建人才公寓2000套。", "已开工1500套,其中竣工交付300套。", "1-9月", "滞后"),
        ("新建人才公寓2000套。", "已开工1500套。", "1-9月", "正常推进"),
        ("开工建设人才公寓2000套。", "已开工1500套。", "1-9月", "正常推进"),
        ("新建农贸市场6个。", "已签约6个,完成选址6处。", "1-6月", "正常推进"),
        ("签约引进亿元以上项目40个。", "已签约亿元以上项目22个。", "1-6月", "正常推进"),
        ("新建标准化厂房20万平方米。", "签约入驻企业12家,已竣工厂房16万平方米。", "1-9月", "正常推进"),
        # a clause naming only that it is done counts the task's object
        ("新建社区食堂10个。", "已建成运营4个,其余6个正在装修。", "1-9月", "滞后"),
        ("改造老旧电梯50部。", "已完工交付45部。", "1-9月", "超进度"),
        ("新增停车泊位3000个。", "新增停车泊位1200个,其中已投入使用800个。", "1-6月", "正常推进"),
        # one deliverable finished: accepted, opened, in use, handed over, inaugurated
        (
            "建成区城市运行管理中心并投入使用。",
            "区城市运行管理中心于4月完成系统联调,5月8日正式启用。",
            "1-6月",
            "已完成",
        ),
        ("建成青少年宫新馆。", "新馆已通过竣工验收。", "1-9月", "已完成"),
        ("建成区科技馆并对外开放。", "科技馆已于8月1日正式开馆。", "1-9月", "已完成"),
        ("建设滨江湿地公园。", "湿地公园已于5月1日开园迎客。", "1-6月", "已完成"),
        ("组建区人才发展集团。", "区人才发展集团已于3月挂牌成立。", "1-3月", "已完成"),
        ("成立区数据资源中心。", "区数据资源中心于6月揭牌。", "1-6月", "已完成"),
        ("建成安置房小区并交付。", "安置房小区已于9月交付。", "1-9月", "已完成"),
        ("上线区级“一码通”服务平台。", "平台已于6月正式上线。", "1-6月", "已完成"),
        ("建成区级智慧停车平台。", "智慧停车平台于3月完成开发,5月正式上线运行。", "1-6月", "已完成"),
        # not finished: integration, trial runs, a stage, a plan, another building, a first phase
        (
            "建成区城市运行管理中心并投入使用。",
            "区城市运行管理中心已完成系统联调,计划7月投入使用。",
            "1-6月",
            "正常推进",
        ),
        ("建成区城市运行管理中心并投入使用。", "区城市运行管理中心已投入试运行。", "1-6月", "正常推进"),
        ("上线区级“一码通”服务平台。", "平台已上线试运行,正在收集用户意见。", "1-6月", "正常推进"),
        ("建成区游泳馆。", "游泳馆已于7月试开馆。", "1-9月", "正常推进"),
        ("建成青少年宫新馆。", "新馆主体结构已封顶,正在进行内部装修。", "1-9月", "正常推进"),
        ("建成东湖路快速通道。", "东湖路快速通道已全线贯通,正在进行附属工程施工。", "1-9月", "正常推进"),
        ("建成区中医院住院楼。", "门诊楼已于3月竣工,5月投入使用。", "1-6月", "正常推进"),
        ("建设智慧产业园。", "一期工程于3月竣工,5月投入使用,二期正在施工。", "1-6月", "正常推进"),
        # a component of the object done is not the object: the last noun is the thing meant
        ("建成南湖区档案馆新馆并投入使用。", "南湖区档案馆新馆主体结构已完工,正在进行内部装修。", "1-6月", "正常推进"),
        ("建成青少年宫新馆。", "新馆主体结构已全部完工。", "1-9月", "正常推进"),
        ("建成区体育中心。", "区体育中心一期已建成。", "1-6月", "正常推进"),
        ("建成区体育中心。", "区体育中心主体工程均已完工。", "1-9月", "正常推进"),
        ("建成区体育中心。", "区体育中心项目已于5月建成。", "1-6月", "已完成"),
        ("建成区体育中心。", "体育中心已于5月建成,配套停车场正在施工。", "1-6月", "已完成"),
        # 12部门 is not a count of 部
        ("建成区级数据共享平台。", "平台已接入12部门数据,正在进行联调。", "1-6月", "正常推进"),
    ],
)
def test_the_rule_on_phrasings_the_third_blind_set_showed(task, progress, period, status):
    assert_assessed(task, progress, period, status)


# Invented sentences (none of the fixture's nouns) for the families of wording the fourth blind set
# showed (docs/status-blind4.md, Round 4), each with what the rule must leave alone.
@pytest.mark.parametrize(
    "task, progress, period, status",
    [
        # land and drawings are preparatory stages: with 尚未开工, nothing has started
        ("新建区急救中心业务用房。", "项目已完成土地出让,施工图正在审查,尚未开工。", "1-6月", "未启动"),
        ("建设城北污水处理厂二期。", "已完成征地拆迁和交地,施工许可正在办理,项目暂未开工。", "1-9月", "未启动"),
        ("建设城北污水处理厂二期。", "已完成土地摘牌,主体工程正在推进。", "1-9月", "正常推进"),
        # …but the task itself where it names them
        ("完成城西片区征收交地200亩。", "已完成征收交地60亩,剩余地块正在协商。", "1-6月", "滞后"),
        ("完成城西片区征收交地200亩。", "已完成征收交地60亩,其余地块尚未启动。", "1-6月", "滞后"),
        # put off to a later time, not able to start, still before the start
        ("改造区第三中学运动场。", "因施工场地被占用,经研究推迟至暑期开工。", "1-6月", "未启动"),
        ("实施滨河步道亮化工程。", "受资金影响,项目延期到明年实施。", "1-9月", "未启动"),
        ("建设区急救中心。", "项目用地尚未完成征收,暂不具备开工条件。", "1-6月", "未启动"),
        ("建设区急救中心。", "项目仍处于前期谋划阶段。", "1-6月", "未启动"),
        # 未 negates its own verb: the lag said after it stands
        ("新建雨污分流管网30公里。", "已完成12公里,剩余路段因管线迁改未完成进度滞后。", "1-6月", "滞后"),
        ("完成农村公路提档升级50公里。", "部分路段因征迁未到位进展缓慢。", "1-9月", "滞后"),
        ("新建雨污分流管网30公里。", "管网工程尚未滞后于计划。", "1-6月", "正常推进"),
        # no data in other words: a result not handed down, a figure someone else certifies, no report
        ("新增城镇就业8000人。", "就业人数以市人社局年度核定数为准,目前暂无法统计。", "1-9月", "数据未出"),
        ("新增城镇就业8000人。", "城镇新增就业人数以统计部门年报数据为准。", "1-9月", "数据未出"),
        ("创建省级示范社区5个。", "省级评选结果尚未下达。", "1-9月", "数据未出"),
        ("创建省级文明社区3个。", "相关指标待年底考核后确定。", "1-9月", "数据未出"),
        ("改造农村户厕2000户。", "牵头单位未提供上半年进展情况。", "1-6月", "数据未出"),
        # a plan named as the list a thing is on is not a plan
        ("完成重点河道清淤整治。", "纳入年度整治计划的重点河道清淤整治任务已全部完成。", "1-9月", "已完成"),
        ("完成老旧供水管网改造。", "列入今年改造计划的老旧供水管网已全部完工。", "1-9月", "已完成"),
        ("完成老旧供水管网改造。", "计划10月底前全部完工。", "1-9月", "正常推进"),
        ("完成农村危房改造。", "年度任务已完成。", "1-9月", "已完成"),
        ("完成农村危房改造。", "年度任务已完成65%。", "1-9月", "正常推进"),
        # the object's own head, with more of its kind, is the object; a component is not
        ("完成区级政府债务清理核查工作。", "区级政府债务摸排和清理核查工作已全部完成。", "1-9月", "已完成"),
        ("完成全区地名普查登记工作。", "全区地名普查外业调查和登记工作已全面完成。", "1-9月", "已完成"),
        ("建成青少年宫新馆。", "新馆主体结构已全部完工。", "1-9月", "正常推进"),
        # an event concluded; its final stage's end is its end; opening is not the end
        ("举办首届区文化旅游节。", "首届区文化旅游节于5月1日开幕,5月7日顺利闭幕。", "1-6月", "已完成"),
        ("举办区第十届职工运动会。", "区第十届职工运动会决赛已于9月20日圆满收官。", "1-9月", "已完成"),
        ("举办首届区文化旅游节。", "首届区文化旅游节于9月20日开幕,将持续至10月7日。", "1-9月", "正常推进"),
        # a task of starting something, said started; a preparatory start is not it
        ("启动城东片区城市更新试点。", "试点已于2月正式启动,首批3个地块进场施工。", "1-3月", "已完成"),
        ("启动区级智慧养老平台建设。", "平台建设已于3月正式启动。", "1-3月", "已完成"),
        ("启动区级智慧养老平台建设。", "已启动前期调研。", "1-3月", "正常推进"),
        # a facility put in use, by its short name, after works on it; an act in the task's name
        (
            "建成区妇女儿童活动中心并投入使用。",
            "妇儿中心内部装修工程于4月完工,5月20日正式投入使用。",
            "1-6月",
            "已完成",
        ),
        ("完成区图书馆搬迁并对外开放。", "图书搬迁工作于2月完成,区图书馆于4月23日正式对外开放。", "1-6月", "已完成"),
        ("建成区体育中心。", "体育中心一期于3月竣工,5月投入使用。", "1-6月", "正常推进"),
        # counts against a total the progress states; a set named to report on; what is left
        ("完成全区农贸市场标准化改造。", "全区42个农贸市场已完成改造30个。", "1-6月", "超进度"),
        ("实现村卫生室医保结算全覆盖。", "全区120个村卫生室已开通医保结算54个。", "1-6月", "正常推进"),
        ("新建口袋公园6个。", "今年计划新建的6个口袋公园中,城南公园已建成开放,其余5个正在施工。", "1-6月", "滞后"),
        ("新建社区书屋8个。", "新建的8个社区书屋中,3个已建成开放,其余5个正在装修。", "1-9月", "滞后"),
        # things launched or issued are done figures
        ("年内出台惠企政策10项。", "已出台惠企政策6项。", "1-3月", "超进度"),
        ("推出文旅消费新场景30个。", "已推出夜间消费、露营等新场景9个。", "1-6月", "滞后"),
    ],
)
def test_the_rule_on_phrasings_the_fourth_blind_set_showed(task, progress, period, status):
    assert_assessed(task, progress, period, status)


def test_one_department_not_reporting_leaves_the_item_to_the_others():
    task = "开展燃气安全专项整治。"
    reported = "检查燃气经营网点86家,整改隐患132处。"
    silent = "未报送完成情况。"
    text = f"区城管局:{reported}\n区住建局:{silent}"
    item = assess(task, text, "1-9月")
    assert item.status.value == "正常推进" and item.clause in text and "未报送" not in item.clause, item.reason
    assert assess(task, silent, "1-9月", department="区住建局").status.value == "数据未出"
    # nobody reported: no data
    assert assess(task, "责任单位均未报送完成情况。", "1-9月").status.value == "数据未出"


def test_a_fall_asked_for_is_not_met_when_something_rose():
    result = assess("火灾事故起数、死亡人数双下降。", "全年发生火灾42起,同比下降9%;死亡2人,同比增加1人。", "全年")
    assert result.status.value != "已完成", result.reason


@pytest.mark.parametrize(
    "progress, status",
    [
        # each department's own target, not the whole task's 2000
        ("新建充电桩480个,完成本单位年度任务1200个的40%。", "超进度"),
        ("新建充电桩120个,完成本单位年度任务1000个的12%。", "滞后"),
        ("本单位年度任务800个,已新建充电桩300个。", "超进度"),
        ("负责新建充电桩600个,已建成300个。", "超进度"),  # 负责: its share, not 2000
    ],
)
def test_a_department_segment_against_its_own_target(progress, status):
    result = assess("新增充电桩2000个。", progress, "1-3月", department="区供电局")
    assert result.status.value == status, result.reason
    assert result.clause in progress and result.clause in result.reason


@pytest.mark.parametrize(
    "progress, status",
    [
        ("住院楼改造工程完成,已于9月30日投入使用。", "已完成"),  # its deliverable in use
        ("住院楼改造工程完成,已于9月30日投入使用,正在进行设备调试。", "正常推进"),  # something pending
    ],
)
def test_a_department_segment_whose_deliverable_is_in_use(progress, status):
    task = "完成区中医院住院楼改造并投入使用;新建社区卫生服务站3个。"
    result = assess(task, progress, "全年", department="区卫健局")
    assert result.status.value == status, result.reason


def test_reason_of_a_rate_says_the_clause_and_the_rule():
    result = assess("全年完成投资100亿元。", "完成率13.8%。", "1-3月")
    assert result.reason == "完成率13.8%,低于一季度应有进度25%"
    assert (result.rate, result.expected) == (13.8, 25.0)


def test_unknown_status_is_bad_input_in_chinese_listing_the_values():
    with pytest.raises(BadInput, match="未知的状态") as error:
        StatusValue.parse("很好")
    assert all(s.value in str(error.value) for s in StatusValue)


# -- measured against the labels ----------------------------------------------------------------
@pytest.fixture(scope="module")
def measured(engine):
    return evaluate_status(engine, load_status_labels(LABELS))


def test_dev_accuracy_floor(measured):
    dev = measured["splits"]["dev"]
    assert dev["n"] == 49
    # 1.00 at the time of writing (README, 进度 / Supervision); a floor, not a promise of all
    assert dev["accuracy"] >= 0.95, dev["wrong"]


def test_heldout_meets_the_goal(measured):
    # The goal of the issue; held-out rows are only reported, never tuned on.
    heldout = measured["splits"]["heldout"]
    assert heldout["n"] == 25 and heldout["accuracy"] >= 0.9, heldout["wrong"]


def test_the_band_in_use_is_the_one_the_dev_labels_choose(engine):
    dev = label_evidence(engine, load_status_labels(LABELS, "dev"))
    assert choose_band(dev) == status_module.BAND


def test_every_status_has_a_reason_resting_on_the_text(engine, periods):
    """Every item (and segment) of both indexes: the clause is in its progress text and in the
    reason; 滞后 and 已完成 always name one; a reason is never a bare label."""
    assert_reasons_rest_on_the_text(engine, periods)


def assert_reasons_rest_on_the_text(*engines: Engine) -> None:
    checked = {"滞后": 0, "已完成": 0}
    for eng in engines:
        book = eng.searcher.statuses
        for position, item in enumerate(eng.index.items):
            if item.no is None:
                continue
            calls = [(book.of(position), item.progress)]
            calls += [(book.for_department(position, s.department), s.text) for s in item.segments]
            for status, text in calls:
                assert status.reason not in {s.value for s in StatusValue} and len(status.reason) > 8
                assert re.search(r"[\u4e00-\u9fff]", status.reason)
                if status.clause:
                    assert status.clause in text and status.clause in status.reason, (item.id, status)
                if status.status.value in checked:
                    checked[status.status.value] += 1
                    assert status.clause and status.clause in item.progress, (item.id, status)
                    # the clause itself carries the evidence: a figure or words of lagging, of done
                    assert SUPPORTS[status.status.value].search(status.clause), (item.id, status)
    assert checked["滞后"] and checked["已完成"]


# What a clause needs to support a call (the test's own words, not the rules'): 滞后 a figure or a
# word of lagging or missing; 已完成 a figure or a word of finishing, opening, issuing or meeting.
SUPPORTS = {
    "滞后": re.compile(r"\d|滞后|落后|低于|慢于|未达|缓慢|偏慢|较慢|未完成|未能"),
    "已完成": re.compile(
        r"\d|完成|建成|完工|竣工|投入使用|投用|投运|开放|运行|运营|上线|启用|开馆|开园|开业|揭牌|挂牌|交付|验收"
        r"|举办|举行|召开|印发|出台|发布|颁布|审议通过|实现|达到|下降|落幕|闭幕|收官"
    ),
}


# -- the engine ----------------------------------------------------------------------------------
def test_overview_lists_lagging_first_with_counts_per_department(engine):
    overview = engine.status()
    assert overview.latest_only and len(overview.items) == len(engine.index.items)
    ranks = [RANK[StatusValue(row.status)] for row in overview.items]
    assert ranks == sorted(ranks)
    assert overview.items[0].status == "滞后"
    assert sum(overview.totals.values()) == len(overview.items)
    counted = {d.name: d.total for d in overview.departments}
    assert counted == engine.searcher.department_counts
    for department in overview.departments:
        assert sum(department.counts.values()) == department.total
        assert list(department.counts) == [s.value for s in ORDER]


def test_status_filter(engine):
    lagging = engine.status(status="滞后")
    assert lagging.items and {row.status for row in lagging.items} == {"滞后"}
    assert {row.id for row in lagging.items} == labelled(status="滞后")
    assert all(d.counts["滞后"] == d.total for d in lagging.departments)
    assert engine.status(status=" 滞后 ").totals == lagging.totals


def test_department_filter_uses_the_departments_own_status(engine):
    overview = engine.status(dept="建设局")  # alias of 区建设局
    assert [d.name for d in overview.departments] == ["区建设局"]
    assert {row.department for row in overview.items} == {"区建设局"}
    assert len(overview.items) == engine.searcher.department_counts["区建设局"]
    # 区城管局 wrote its own segment of item 37
    own = engine.status(dept="区城管局")
    row = next(r for r in own.items if r.no == 37)
    segment = next(s.text for s in engine.show(f"{SEED_REPORT}#37").segments if s.department == "区城管局")
    assert row.clause in segment
    both = engine.status(dept="区发改局", status="数据未出")
    assert [row.no for row in both.items] == [4]


def test_report_filter_and_unknown_filters(engine):
    assert len(engine.status(report=SEED_REPORT).items) == len(engine.index.items)
    with pytest.raises(BadInput, match="未知的报告"):
        engine.status(report="no-such-report")
    with pytest.raises(BadInput, match="责任单位"):
        engine.status(dept="不存在的局")
    with pytest.raises(BadInput, match="未知的状态"):
        engine.status(status="挺好")


def test_hits_and_show_carry_status_and_reason(engine):
    hit = engine.search("5G基站", k=3).hits[0]
    assert hit.status and hit.status_reason
    item = engine.show(f"{SEED_REPORT}#20")
    row = next(r for r in engine.status().items if r.id == item.id)
    assert (item.status, item.status_reason) == (row.status, row.status_reason)
    assert engine.similar(f"{SEED_REPORT}#20", k=1).item.status == item.status


# -- over time -----------------------------------------------------------------------------------
def test_each_period_has_a_status_and_what_changed(periods):
    timeline = periods.timeline("jiangbin-2022-h1#6").timeline
    assert [entry.period for entry in timeline] == ["1-3月", "1-6月", "1-9月", "全年"]
    assert all(entry.status and entry.status_reason for entry in timeline)
    assert timeline[0].status_change is None
    for before, entry in zip(timeline, timeline[1:]):
        if entry.status == before.status:
            assert entry.status_change is None
        else:
            assert entry.status_change == f"{before.period} {before.status} → {entry.period} {entry.status}"
    assert any(entry.status_change for entry in timeline)
    assert timeline[-1].status == "已完成"


def test_overview_takes_each_tasks_latest_report(periods):
    latest = periods.status()
    ids = {row.id for row in latest.items}
    assert "jiangbin-2022-y#1" in ids and not ids & {"jiangbin-2022-q1#1", "jiangbin-2022-h1#1"}
    q1 = periods.status(report="jiangbin-2022-q1")
    assert {row.report for row in q1.items} == {"jiangbin-2022-q1"} and len(q1.items) == 8


def test_timeline_over_http_and_on_the_cli(periods_index, monkeypatch):
    client = TestClient(create_app(index_dir=periods_index))
    entries = client.get("/items/jiangbin-2022-q1%236/timeline").json()["timeline"]
    assert all(e["status"] and e["status_reason"] for e in entries)
    assert any(e["status_change"] for e in entries)
    monkeypatch.setenv("WRSEARCH_INDEX", str(periods_index))
    monkeypatch.setenv("COLUMNS", "200")
    out = runner.invoke(app, ["timeline", "jiangbin-2022-q1#6"]).stdout
    assert "进度:" in out and "进度变化:" in out and "→" in out


# -- questions -------------------------------------------------------------------------------------
def test_which_items_lag_is_answered_from_the_statuses(engine):
    response = engine.ask("哪些事项进展滞后")
    lagging = engine.status(status="滞后").items
    assert response.intent == "status_list" and response.answer
    lines = response.answer.split("\n")
    assert len(lines) == len(lagging)
    assert [c.id for c in response.citations] == [row.id for row in lagging]  # each line cited
    for line, row in zip(lines, lagging):
        assert line.startswith(f"{row.no}.") and row.status_reason in line
    assert response.source == lagging[0].id


def test_department_status_question(engine):
    for department in ("区发改局", "区建设局"):
        response = engine.ask(f"{department}有哪些事项数据未出")
        expected = engine.status(dept=department, status="数据未出").items
        assert response.intent == "status_list" and response.answer
        assert [c.id for c in response.citations] == [row.id for row in expected]
        if not expected:
            assert response.answer.startswith("没有")
    assert "相关数据未出" in engine.ask("区发改局有哪些事项数据未出").answer


# -- the command line ------------------------------------------------------------------------------
def test_cli_status_table_then_lagging_items_with_reasons(run):
    result = run("status")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "各单位进度" in out and "全部事项" in out and "事项进度" in out
    first_item = out.index("wuchang-2021-q1#")
    assert "滞后" in out[first_item : first_item + 400] and "低于" in out


def test_cli_status_json_and_filters(run, engine):
    data = json.loads(run("status", "--status", "滞后", "--json").stdout)
    assert data == json.loads(engine.status(status="滞后").model_dump_json())
    data = json.loads(run("status", "--dept", "区水务湖泊局", "--report", SEED_REPORT, "--json").stdout)
    assert {row["department"] for row in data["items"]} == {"区水务湖泊局"} and data["report"] == SEED_REPORT


def test_cli_bad_status_is_exit_2_in_chinese(run):
    result = run("status", "--status", "很好")
    assert result.exit_code == 2
    assert "未知的状态" in result.stderr and "滞后" in result.stderr


def test_cli_eval_status(run):
    result = run("eval-status", str(LABELS))
    assert result.exit_code == 0, result.output
    assert "dev" in result.stdout and "heldout" in result.stdout and "混淆表" in result.stdout
    data = json.loads(run("eval-status", str(LABELS), "--json").stdout)
    assert set(data["splits"]) == {"dev", "heldout"} and data["band"] == status_module.BAND
    assert data["dev_choice"]["band"] == status_module.BAND
    confusion = data["splits"]["dev"]["confusion"]
    assert sum(sum(row.values()) for row in confusion.values()) == data["splits"]["dev"]["n"]


# -- HTTP --------------------------------------------------------------------------------------------
def test_http_status_with_filters(client, engine):
    body = client.get("/status").json()
    assert body == json.loads(engine.status().model_dump_json())
    lagging = client.get("/status", params={"status": "滞后", "dept": "区建设局"}).json()
    assert {(r["status"], r["department"]) for r in lagging["items"]} == {("滞后", "区建设局")}


def test_http_bad_status_is_422_in_chinese(client):
    response = client.get("/status", params={"status": "很好"})
    assert response.status_code == 422
    assert "未知的状态" in response.json()["detail"] and "数据未出" in response.json()["detail"]
    assert client.get("/status.csv", params={"status": "很好"}).status_code == 422


def test_http_items_carry_status(client):
    item = client.get("/items/wuchang-2021-q1%2320").json()
    assert item["status"] == "滞后" and "13.8%" in item["status_reason"]
    hit = client.get("/search", params={"q": "口袋公园", "k": 1}).json()["hits"][0]
    assert hit["status"] and hit["status_reason"]


def test_status_exports(client):
    response = client.get("/status.csv", params={"status": "滞后"})
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "编号" and "判定依据" in rows[0]
    lagging = client.get("/status", params={"status": "滞后"}).json()["items"]
    assert [row[0] for row in rows[1:]] == [row["id"] for row in lagging]
    sheet = load_workbook(io.BytesIO(client.get("/status.xlsx").content)).active
    values = list(sheet.values)
    assert values[0][0] == "编号" and len(values) == 1 + len(client.get("/status").json()["items"])


def index_and_measure(tmp_path_factory, fixtures: Path, labels: Path) -> dict:
    """A blind set's fixtures indexed and its labels scored through the CLI (index: ~20-80 s)."""
    index = tmp_path_factory.mktemp(f"{fixtures.name}-index")
    built = runner.invoke(app, ["index", str(fixtures), "--index", str(index)])
    assert built.exit_code == 0, built.output
    measured = runner.invoke(app, ["eval-status", str(labels), "--index", str(index), "--json"])
    assert measured.exit_code == 0, measured.output
    return {"index": index, "eval": json.loads(measured.stdout)}


# -- the blind sets (tests/data/status_blind*.jsonl) -------------------------------------------------
# Each was written blind (docs/status-blind*.md), committed, then measured once as held-out on the
# rules of its time ("at writing"). Sets 1-4 were then tuned on, so they are dev now and their floor
# is what tuning reached: a regression floor, not an estimate of accuracy elsewhere. Set 5 is still
# held-out: its floor is its one measurement. Well-formedness: tests/test_status_blind_data.py.
@dataclass(frozen=True)
class BlindStatusRun:
    """A blind set, where it stands, and the floor its rows must keep."""

    labels: str
    fixtures: str
    split: str
    rows: int
    at_writing: float  # the held-out figure of record, measured once
    floor: float  # dev: reached after tuning on it; held-out: the one measurement
    allowed_wrong: frozenset[str] | None = None  # rows the floor may leave wrong, where it is below 1


BLIND_RUNS = [
    # 0.619, 39 of 63 (labels at 1ef8b25); 63 of 63 after tuning
    BlindStatusRun("status_blind", "status", "dev", 63, 0.619, 1.0),
    # 0.809, 55 of 68 (labels at 3a76a46, rules of 1ed5fba); 68 of 68 after tuning
    BlindStatusRun("status_blind2", "status2", "dev", 68, 0.809, 1.0),
    # 59 of 68 (labels at 70b9665, rules after round 2); 65 of 68 after round 3: the three rows left
    # are growth rows labelled by the period share, not the README's convention (growth ÷ target
    # against 100 %); their labels stay as written.
    BlindStatusRun(
        "status_blind3",
        "status3",
        "dev",
        68,
        59 / 68,
        65 / 68,
        frozenset({"nanhu-2023-h1#2", "nanhu-2023-h1#4", "nanhu-2024-m10#1"}),
    ),
    # 54 of 70 (rules after round 3); 70 of 70 after round 4
    BlindStatusRun("status_blind4", "status4", "dev", 70, 54 / 70, 1.0),
    # 67 of 72 (labels at 4406f77, rules after round 4); nothing tuned on it
    BlindStatusRun("status_blind5", "status5", "heldout", 72, 67 / 72, 67 / 72),
]


@pytest.fixture(scope="module", params=BLIND_RUNS, ids=lambda run: run.labels)
def blind(request, tmp_path_factory) -> tuple[BlindStatusRun, dict]:
    """A blind set's two fixtures indexed and its labels measured through the CLI (index: ~20-80 s)."""
    run: BlindStatusRun = request.param
    data = Path(__file__).parent
    return run, index_and_measure(
        tmp_path_factory, data / "fixtures" / run.fixtures, data / "data" / f"{run.labels}.jsonl"
    )


def test_blind_set_keeps_its_floor(blind):
    run, measured = blind
    splits = measured["eval"]["splits"]
    scored = splits[run.split]
    assert set(splits) == {run.split} and scored["n"] == run.rows
    assert sum(sum(row.values()) for row in scored["confusion"].values()) == scored["n"]
    assert scored["accuracy"] >= round(run.floor, 4), scored["wrong"]
    if run.split == "heldout":
        assert run.floor >= 0.9  # the goal, met when it was measured
        return
    assert run.floor > run.at_writing
    if run.allowed_wrong is not None:
        assert {wrong.split(":")[0] for wrong in scored["wrong"]} <= run.allowed_wrong, scored["wrong"]
    # the band in use is one of those the set is best at
    assert measured["eval"]["dev_choice"]["accuracy_by_band"][f"{measured['eval']['band']:g}"] == scored["accuracy"]


def test_blind_fixture_statuses_rest_on_the_text(blind):
    """The reason check on each blind set's fixtures (every period from 1-3月 to 全年)."""
    _, measured = blind
    assert_reasons_rest_on_the_text(Engine(measured["index"]))
