"""Supervision: where every task stands — a status per item and per department segment, with
the clause of the progress text that justifies it and the rule applied, in Chinese.

| status | when |
|---|---|
| 已完成 | the text says the whole task is done (全部完工, 全线建成通车, 完成年度目标…; not a part: 其中…, a component of the object (新馆主体结构…完工), or a clause counting less than the target; a one-deliverable task's object, its short name or the head of its name (新馆), 竣工/通过竣工验收/投入使用/启用/开馆/揭牌/交付/上线运行 — in a clause without a subject, its sentence's — not 联调/试运行; a task that is an act: 成功举办, 已印发, 审议通过, an event 圆满落幕/闭幕 — its 总决赛 too —, a task of starting 启动… said 正式启动; a short name 科创中心 of 科技创新中心, a facility put in use after works on it 科创中心装修工程…完工,…投入运营; the object's own head with more of its kind, 清查和登记工作 of 普查登记工作; 年度任务已完成 with no share; 列入…计划的 naming a list, not a plan), in a 全年 report every measured part reached its target or, with no figure behind, the target is said met (实现“双下降”目标, a fall asked for and reported), or a department's segment says its part is done (…已完成, 已于…投入使用) with nothing pending and no figure behind |
| 超进度 | a measured part is more than ``BAND`` points ahead of the period's expected share, a target was reached before year end, or the text says so (超预算进度, 超额完成) |
| 正常推进 | measured parts within ±``BAND`` points of the expected share; or work reported (启动, 推进, 开展…, not negated) without a figure to compare |
| 滞后 | a measured part more than ``BAND`` points behind, or the text says so (滞后, 低于年度目标, 未达时序进度, 进展缓慢 — 未 negates only its own verb: 因征收未完成进度滞后 lags; not 已扭转…滞后局面; in a 全年 report 未完成年度目标) |
| 未启动 | the text says it has not started (尚未启动, 暂未开展, 未开工, 暂缓实施, 推迟至下半年开工, 不具备开工条件, 仍处于前期…阶段) and reports nothing else but plans and preparatory stages (land and drawings too: 土地摘牌, 征地拆迁, 施工图审查, unless the task names them) |
| 数据未出 | the text says the figures are not out (相关数据未出, 数据尚未公布, 名单尚未公布, 数据待统计局反馈, 按年度统计), no progress was reported (暂未报送, 未提供一季度进展情况 — at item level only if no other department reported), the figure is someone else's to give (以…核定数为准, 核定结果尚未下达, 暂无法统计), or only a forecast of the indicator (预计全年增长5%左右) |

A *measure* is a share of a target the text lets us compute, compared with the period's
expected share (1-3月 25%, 1-6月 50%, 1-9月 75%, 全年 100%, ``1-N月`` N/12):

- a completion rate: 完成率13.8%, 完成全年目标39.5%, 为年初预算的35.4%, 占年度计划(投资)的20.6%,
  完成总工程量的78%, 形象进度约65%, 工程进度达45%, 防洪工程完成96% (完成年度任务的X% is a rate,
  never the task done);
- a rate against the schedule itself: 达目标进度的164% (100% is on schedule);
- growth against the task's growth target: task 增长10%, progress 增幅58.5% (the share is
  58.5/10; year-on-year rates are compared with the target in every period; 同比下降2.1% is
  growth below zero);
- a level the task names: 污水集中处理率达到96% (reached before year end is ahead);
- a done figure against a target: the task's (新建口袋公园3个 ↔ 已建成口袋公园1个, same kind of
  unit and a shared word, period words like 1-9月 not counting as words, a clause saying only that it
  is done — 已建成运营5个 — counting the sentence's or the task's object; installed, online, opened:
  安装到位, 上线, 开通, 接入; launched or issued: 推出, 出台; an early stage — 开工, 签约 — only against a target of that stage;
  公顷/平方米/平方公里/亩, 公里/米, 亿元/万元 converted) or one the text states (任务数32个…完成数14个, 74个新开工项目开工3个,
  目标调整至218处…完工44处, 其中2个已完成改造, 全区68所…已完成改造61所, 年度任务20项; a set named to
  report on — 新建的4个…中 — is a whole, not a count done, and what is left — 其余3个正在装修 — gives
  done as the whole less the rest; a bare count 反馈问题12项 where the task gives none;
  not a count of another object sharing one word with the target's, where the text names the
  target's object elsewhere: 培育入库企业 is not 高新技术企业). A department's own target in its
  segment (完成本单位年度任务3000个的42%, 本单位年度任务800个) is its share's. A target the text
  scopes to the period (一季度…任务数) is due in full by the period's end: expected 100%;
- the parts a task names and counts (开工建设A、B2所学校) reported finished (or started, for a task
  of starting work) against the count.

Only what is done counts: figures after 计划/拟/力争/要求 or a forecast (预计 with a time to
come or 全年, 有望, 将于; any estimate where the text says the figures are not out), in-progress words (正在, 在建, 续建, 启动) or preparatory stages (设计, 选址,
招投标, 立项, 手续, 许可…) are not progress against the target; neither are throughput ratios
(结案, 办结率) or quality rates (达标率, 出庭率).

Rules, not a model: this genre writes progress in a few fixed ways, and a rule can say why.
``BAND`` was chosen by cross-validation on the dev half of ``tests/data/status_labels.jsonl``
(:func:`wrsearch.evaluate.choose_band`; ``wrsearch eval-status``); ``tests/data/status_blind.jsonl``
(first blind, now dev: docs/status-blind.md), ``tests/data/status_blind2.jsonl`` (second blind,
now dev: docs/status-blind2.md), ``tests/data/status_blind3.jsonl`` (third blind, now dev:
docs/status-blind3.md) and ``tests/data/status_blind4.jsonl`` (fourth blind, now dev:
docs/status-blind4.md) agree with it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from wrsearch.errors import BadInput
from wrsearch.ingest.departments import match_departments
from wrsearch.ingest.periods import period_label, period_rank
from wrsearch.options import Choice
from wrsearch.schema import DepartmentStatus, StatusOverview, StatusRow

if TYPE_CHECKING:
    from collections.abc import Iterator

    from wrsearch.models import Item

# ±points around the expected share counted as on track. 10 is the brief's default; the
# cross-validation on the dev labels keeps it (see the README, 进度 / Supervision).
DEFAULT_BAND = 10.0
BAND = 10.0


class StatusValue(Choice):
    __choice_name__ = "状态"
    __choice_error__ = "未知的状态 '{value}';可用:{valid}"
    BEHIND = "滞后"
    NOT_STARTED = "未启动"
    NO_DATA = "数据未出"
    ON_TRACK = "正常推进"
    AHEAD = "超进度"
    DONE = "已完成"


# Lagging first: the order of tables and lists.
ORDER = tuple(StatusValue)
RANK = {s: n for n, s in enumerate(ORDER)}

# How questions name a status (哪些事项进展滞后, 区建设局有哪些事项数据未出); 提前完成 before 完成.
_ASKED = (
    (StatusValue.BEHIND, re.compile(r"滞后|落后|进度慢|进展慢|进度缓慢")),
    (StatusValue.NOT_STARTED, re.compile(r"未启动|没有?启动|还没开始|尚未开始|未开展|没有?开展")),
    (StatusValue.NO_DATA, re.compile(r"数据未出|数据(?:还)?没(?:有)?出|没有数据|数据尚未|未出数据")),
    (StatusValue.AHEAD, re.compile(r"超进度|超前|提前完成|超额完成|进度快")),
    (StatusValue.DONE, re.compile(r"已完成|已经完成|完成了|全部完成|已办结")),
    (StatusValue.ON_TRACK, re.compile(r"正常推进")),
)


def asked_status(text: str) -> StatusValue | None:
    """The status a question names, if any."""
    return next((status for status, pattern in _ASKED if pattern.search(text)), None)


@dataclass(frozen=True)
class Status:
    """An item's (or one department's) status with the rule and the clause behind it."""

    status: StatusValue
    reason: str  # the clause and the rule, in Chinese
    clause: str  # a substring of the progress text (or segment) it was read from
    rate: float | None = None  # the share measured, % (of the target, or of the schedule)
    expected: float | None = None  # the share expected at the period's end, %
    department: str | None = None  # the department whose segment this is, if any


# -- reading the text ----------------------------------------------------------------------
_NUM = r"(\d+(?:,\d{3})*(?:\.\d+)?)"
_PCT = r"\s*[%％]"
_SENTENCE_RE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]*")
# A clause ends at a comma, but not at a thousands separator (460,931).
_CLAUSE_RE = re.compile(r"(?:[^,，]|,(?=\d{3}))+[,，]?")

# Units by dimension, with their factor to the dimension's base; a count unit is its own dimension.
_MEASURE_UNITS = {
    "平方公里": ("面积", 1_000_000.0),
    "平方千米": ("面积", 1_000_000.0),
    "平方米": ("面积", 1.0),
    "㎡": ("面积", 1.0),
    "公顷": ("面积", 10_000.0),
    "亩": ("面积", 666.67),
    "立方米": ("体积", 1.0),
    "方": ("方", 1.0),
    "公里": ("长度", 1000.0),
    "千米": ("长度", 1000.0),
    "米": ("长度", 1.0),
    "元": ("金额", 1.0),
}
_COUNT_UNITS = "人次 户 个 家 项 处 条 所 座 人 套 张 宗 件 台 名 根 场 篇 辆 栋 间 吨 床 组 部 盏 株 棵 支".split()
# Count units that also open common words: 12部门, 3组织.
_UNIT_GUARDS = {"部": "(?![门署分委])", "组": "(?![织建成])", "支": "(?![持付出撑部])"}
_UNITS = sorted([*_MEASURE_UNITS, *_COUNT_UNITS], key=len, reverse=True)
_UNIT_ALTERNATION = "|".join(unit + _UNIT_GUARDS.get(unit, "") for unit in _UNITS)
_MAGNITUDE = {"万": 1e4, "亿": 1e8, "千": 1e3, "百": 1e2}
_QUANTITY_RE = re.compile(rf"(?<![\d.A-Za-z]){_NUM}\s*(余|多)?\s*([万亿千百])?\s*({_UNIT_ALTERNATION})")

# Done: these verbs before a figure (建成, 交付; an installation or service put in place: 安装, 上线,
# 开通, 接入); an early stage (开工, 签约) only against a target of that stage.
_DONE_RE = re.compile(
    r"完成|建成|完工|竣工|实现|达到|净增|新增|新建|筹集|引进|签约|落地|发放|交付|投用|投运|累计|开工|动工"
    r"|签订|安装|上线|开通|接入|入驻|启用|到位"
    # things launched or issued: 已推出集成办事事项18项, 出台政策文件5件
    r"|推出|出台|印发|发布"
)
_START_ONLY_RE = re.compile(r"开工|动工")
# Stages before the finished thing, each compared only with a target of its own stage: 开工1850套
# is not 新建3000套 done, 签约 is not 建成. (stage, the figure's verb, the target's words)
_EARLY_STAGES = (
    ("开工", re.compile(r"开工|动工"), _START_ONLY_RE),
    ("签约", re.compile(r"签约|签订"), re.compile(r"签约|签订|引进|招引|招商")),
)


def _figure_stage(verb: str) -> str:
    """The early stage a done verb reports (开工, 签约), or "" for a thing done."""
    return next((stage for stage, verbs, _ in _EARLY_STAGES if verbs.fullmatch(verb)), "")


def _target_stages(text: str) -> set[str]:
    """The early stages a target's words name (开工建设…, 签约引进…)."""
    return {stage for stage, _, words in _EARLY_STAGES if words.search(text)}


# Finishing: after a figure (全线3.2公里…建成通车) or an object that is the whole task (新馆…对外开放):
# built, accepted (通过竣工验收), in use or service (投入运营, 启用, 开馆, 开园, 开业, 揭牌, 开通运营).
# Trial stages (联调, 调试, 试运行) are not the thing finished.
_FINISH_RE = re.compile(
    r"建成|完工|竣工|投入使用|交付(?:使用)?|通车|对外开放|正式开放|投用|投运|正式运行|正式运营|上线运行"
    r"|通过(?:竣工|综合|专项)?验收|验收合格|投入(?:运营|运行)|(?<!试)(?:启用|开馆|开园|开业)|揭牌|挂牌(?:成立|运行|运营)"
    r"|(?<!试)(?:上线|开通)(?!试)|正式营业|移交使用"
)
# An act done, for a task that is an act (举办…赛, 出台…措施): the words say it happened.
_ACT_DONE_RE = re.compile(
    r"(?:成功|圆满|顺利|如期|已经?|正式|已?于[^,，;；。]{1,10}?|\d{1,2}\s*月\s*\d{1,2}\s*日)(?:举办|举行|召开|印发|出台|发布|颁布)"
    r"|审议通过|印发实施"
    # an event concluded: 圆满落幕, 闭幕, 收官, 顺利结束
    r"|(?:圆满|顺利|胜利|成功|正式)?(?:落幕|闭幕|收官)|(?:圆满|顺利)结束"
)
# A task whose deliverable is the start itself (启动…项目, 启动…工作): said started, it is done.
_START_TASK_RE = re.compile(r"^(?:正式)?启动")
_STARTED_RE = re.compile(r"(?:正式|全面|顺利)?启动(?!了?[^,，;；。]{0,2}(?:报名|筹备|前期|申报|招标|设计))")
# Verbs of use: only a facility is put in use, not the works on it (科创中心装修工程于6月底完工,
# 7月18日正式投入运营: the centre is in operation).
_IN_USE_RE = re.compile(r"投入(?:使用|运营|运行)|对外开放|正式开放|开馆|开园|开业|启用|正式运营|正式运行")
# Works on a facility, which follow the facility's name in a topic: 科创中心|装修及智能化改造工程
# (not a part of it: 一期, 配套停车场).
_WORKS_RE = re.compile(r"(?:内部|室内|整体)?(?:装修|装饰|改造|改建|扩建|修缮|智能化|布展|设备安装)")
# Acts a task does to its object, not part of the object's name: 完成档案馆新馆搬迁, 举办…大赛.
_OBJECT_ACTS_RE = re.compile(r"搬迁|迁建|迁移|修缮|装修|启动|举办|举行|召开|承办|组织")
# The final stage of an event, whose end is the event's: 大赛总决赛圆满落幕.
_FINAL_STAGE_RE = re.compile(r"^(?:总决赛|决赛|闭幕式|颁奖(?:典礼|仪式|大会)?|总结大会)")
# Task clauses of continuing work, which no report finishes: 推进政务服务事项全程网办.
_ONGOING_TASK_RE = re.compile(r"^(?:推进|加强|深化|持续|加快|推动|促进|开展|做好|强化|提升|完善)")
# A forecast is a plan: 预计 with a time still to come (预计11月底前全部建成, 预计年内开工), 有望, 将于.
# 预计 alone is an estimate of what was done (地区生产总值预计完成370亿元).
_FORECAST = r"预计[^,，;；。]{0,6}?(?:\d{1,2}\s*月|年底|年内|年末|全年|[上下]半年|[一二三四]季度|前)|有望|将于"
# A figure then its done verb: 其中2个已完成改造, 3个均已完工.
_DONE_AFTER_RE = re.compile(r"(?:已经|均已|已|全部)(?:全部)?(?:完成|建成|完工|竣工)")
_PLAN_RE = re.compile(rf"计划|拟|力争|要求|争取|预期|确保|目标|任务数|准备|待|{_FORECAST}")
_UNDERWAY_RE = re.compile(r"正在|在建|续建|启动|进场|推进中|拟")
# Preparatory stages: done, but not the thing the target counts.
_STAGE_RE = re.compile(
    r"设计|方案|选址|招标|招投标|立项|前期|手续|可研|论证|摸底|调查|勘测|勘探|编制|审批|评审|备案|许可|报批|报建|筹备"
)
# The land and the drawings, before any building (完成土地摘牌, 征地拆迁, 施工图审查): preparatory for
# a task of building, but the task itself where it names them (完成湖滨片区征收交地350亩).
_LAND_STAGE_RE = re.compile(r"摘牌|土地(?:出让|挂牌|收储|报征|供应)|征地|征收|拆迁|交地|供地|施工图|图审")
# Words too common to tie a figure to a target.
_GENERIC = set(
    "完成 建成 新建 新增 建设 项目 工程 全区 我区 一季 季度 全年 年度 实现 推进 改造 累计 开工 完工 任务 目标 "
    "其中 以上 以下 总数 工作 计划 达到 共计 各类 相关 进行 开展 已经 加快 年内 全面 积极 推动 全长 全线 总长 长度".split()
)

# The target's own figure inside a rate: 完成本单位年度任务3000个的42%.
_TARGET_FIGURE = rf"\s*\d+(?:\.\d+)?\s*[万亿千百]?\s*(?:{_UNIT_ALTERNATION})"
_RATE_RES = [
    re.compile(rf"完成率(?:为|达到?|约)?\s*{_NUM}{_PCT}"),
    re.compile(
        rf"完成了?[^,，;；。]{{0,12}}?(?:目标|任务|计划|工程量|总量)(?:任务)?(?:[(（][^)）]{{0,12}}[)）]|{_TARGET_FIGURE})?的?\s*{_NUM}{_PCT}"
    ),
    # 占年度计划投资的22%: the target may name what it counts (投资, 资金, 总量…)
    re.compile(
        rf"(?:为|占|达到?)[^,，;；。]{{0,10}}?(?:预算|计划|目标|任务)(?:投资|资金|总量|总额|任务)?的?\s*{_NUM}{_PCT}"
    ),
    re.compile(rf"(?:形象|工程|总体|整体|施工)进度(?:约|为|已达|达到?)?\s*{_NUM}{_PCT}"),
    re.compile(rf"完成(?:约|了)?\s*{_NUM}{_PCT}"),
]
_SCHEDULE_RE = re.compile(rf"(?:达|为|完成)?(?:目标|时序|序时|计划|预算)?进度的\s*{_NUM}{_PCT}")
_TASK_GROWTH_RE = re.compile(rf"(?:增长|增幅|增速)(?:达到?|为|到)?\s*{_NUM}{_PCT}")
_GROWTH_RE = re.compile(rf"(?:增长|增幅|增速)(?:为|达到?|了)?\s*{_NUM}{_PCT}")
# A fall against a growth target is growth below zero: 同比下降3.2%.
_DECLINE_RE = re.compile(rf"(?:下降|下滑|减少|回落)(?:了)?\s*{_NUM}{_PCT}")
_TASK_LEVEL_RE = re.compile(
    rf"([\u4e00-\u9fff]{{1,10}}?率)(?:达到|达|提高到|提高至|提升到|提升至|保持在|稳定在|不低于)\s*{_NUM}{_PCT}(?!以内|以下)"
)
_LEVEL_RE = re.compile(rf"([\u4e00-\u9fff]{{1,10}}?率)(?:达到|达|为|提高到|提升至|稳定在)?\s*{_NUM}{_PCT}")
_NOT_LEVEL = ("完成率", "增长率", "开工率", "办结率", "结案率")
# A target the text states: 任务数32个, 目标调整至218处, 全年考核目标为征地157.89亩, 我区承担的2个.
# A department's own share of a shared target: 本单位年度任务3000个.
_STATED_TARGET_RE = re.compile(
    r"任务数|目标(?:任务)?(?:调整)?(?:至|为|是)|总数|承担的?|负责(?:的)?|分解任务|(?:本单位|本部门)[^,，;；。]{0,6}?任务$"
    r"|(?:年度|全年)(?:目标)?任务(?:为|是)?$"
)
# Where the whole is: 全区68所中小学校…已完成改造61所 (a scope word opening the clause).
_SCOPE_HEAD_RE = re.compile(r"^(?:全|我|本|辖)?[区市县镇省街乡]?(?:内|域)?$")
# A set named to report on its members: 新建的4个社区养老服务综合体中, 5个项目中.
_SET_NAMED_RE = re.compile(r"(?:中|之中|当中)$")
# What is left, not what is done: 其余3个正在装修, 剩余7所预计4月底前完成.
_REMAINDER_RE = re.compile(r"(?:其余|剩余|余下|尚余|还剩|其他)(?:的)?$")
_NOT_YET_RE = re.compile(r"正在|在建|未|待|预计|推进中|施工|进行|办理中|将")
# Words that date a figure (1-9月完成142.6亿元) and say nothing of what it counts.
_PERIOD_WORDS_RE = re.compile(
    r"\d{1,2}\s*[-—至到]\s*\d{1,2}\s*月|[一二三四]季度|上半年|下半年|前三季度|全年|年内|截至[^,，;；。]{0,6}?[月底]|目前|累计"
)
_PERIOD_SCOPE_RE = re.compile(r"一季度|第一季度|上半年|前三季度|本季度|当季|本月|[1一]\s*[-—至到]\s*\d{1,2}\s*月")

_BEHIND_RE = re.compile(
    r"(?:进度|进展)?(?<![不未无没])滞后(?:于(?:时序|序时|计划)?进度)?|落后于(?:时序|序时|计划|进度)|慢于(?:时序|序时)|(?:进度|进展)(?:偏慢|缓慢|较慢)"
    r"|低于(?:时序|序时|预期|年度目标|全年目标|目标|计划)[^,，;；。]{0,12}|未达(?:到)?(?:时序|序时|目标|预期|进度|要求)"
)
_AHEAD_RE = re.compile(
    r"超(?:预算|时序|序时|计划|目标|年度)?进度[^,，;；。]{0,12}|超额完成[^,，;；。]{0,8}|提前完成[^,，;；。]{0,8}|快于(?:时序|序时)进度"
)
# In a 全年 report, the year's target said missed (未完成年度目标) is lagging; earlier it is not yet due.
_MISSED_RE = re.compile(r"(?:未|没有|未能)(?:完成|达到|实现)(?:全年|年度)(?:目标|任务)")
# The target said met (实现“双下降”目标, 完成年度目标): the clause ends at 目标, so not a rate of it.
# A quoted target (实现“双下降”, 实现“零事故”) the same, at the clause's end.
_TARGET_MET_RE = re.compile(
    r"(?:实现|完成|达到|达成)了?(?:全年|年度)?[^,，;；。的]{0,8}?目标(?:任务)?$|(?:实现|达到|达成)了?[“\"][^”\"]{1,8}[”\"]$"
)
_WHOLE_DONE_RE = re.compile(
    r"(?:全部|全面|全线|均已|整体)(?:完成|建成|完工|竣工|投入使用|交付使用|建成通车|投用)"
    # 完成年度任务的50.5% is a rate of the task, not the task done
    r"|(?:超额|提前)?完成了?(?:全年|年度)(?:目标|任务)(?![^,，;；。]{0,6}?\d+(?:\.\d+)?\s*[%％])|已完成全部"
    # the year's task said done, with no share after it: 年度任务已完成
    r"|(?:全年|年度)(?:目标)?任务已(?:经)?(?:全部|全面)?完成(?![^,，;；。]{0,6}?\d)"
)
# 尚未启动, and work put off (暂缓实施, 推迟开工): neither is work done.
_NEGATED_RE = re.compile(
    # 未 negates the verb that follows it: in 因征收未完成进度滞后 the 滞后 is not negated; work put
    # off to a later time (推迟至下半年) is not done either.
    r"(?:[未没尚](?!\S{0,2}?(?:完成|到位|实现|达到|结束|解决))\S{0,2}|(?:暂缓|暂停|推迟|延期|延后)(?:至|到)?[^,，;；。]{0,6})$"
)
# Figures not out: the data, a result or a list not yet published, or awaited from whoever
# produces them (数据待统计局反馈, 认定结果尚未公布).
_DATA_NOUN = r"(?:数据|结果|名单|数字|统计|指标)"
# Nothing reported by whoever should report it (暂未报送, 未提供一季度进展情况).
_NOT_REPORTED = (
    r"(?:尚|暂|还)?未(?:按时|按期)?(?:报送|上报)(?:[^,，;；。]{0,8}?(?:完成情况|进展情况|进展|进度|数据|材料))?"
    r"|(?:尚|暂|还)?未(?:提供|反馈|报告)[^,，;；。]{0,8}?(?:完成情况|进展情况|进展|进度|数据|材料)|暂无进展情况"
)
_NOT_REPORTED_RE = re.compile(_NOT_REPORTED)
# (数据需年底核算, 数据有待统计局反馈: the figure still to come, said with 需/须/有待 as with 待)
NO_DATA_RE = _NO_DATA_RE = re.compile(
    rf"(?:相关)?数据(?:尚|暂|还)?未出|{_DATA_NOUN}(?:尚|暂|还)?未(?:公布|发布|出来|反馈|下达|确定)|暂无(?:相关)?(?:统计)?数据"
    rf"|{_DATA_NOUN}[^,，;；。]{{0,2}}(?:有待|待|需要?|须)[^,，;；。]{{1,12}}?(?:反馈|公布|发布|核定|核算|确认|确定|下达)"
    r"|按年度?(?:统计|核算)|(?:尚|暂|还)未(?:统计|核算)|(?:暂|尚|还|目前)?无法(?:统计|核算|确定|核实)"
    # the figure is whoever certifies it's, not yet given: 以市卫健委年度核定数为准
    r"|以[^,，;；。]{1,16}?(?:(?:核定|核算|统计|认定|公布|审定)(?:数|数据|结果|口径)?|数据|结果)为准"
    # no progress reported: 暂未报送, 责任单位未报送完成情况, 未提供一季度进展情况
    rf"|{_NOT_REPORTED}"
)
_NOT_STARTED_RE = re.compile(
    r"(?:尚|暂|还)?未(?:启动|开展|实施|开工|动工|开始)"
    # put off, maybe to a time: 推迟开工, 推迟至下半年开工, 延期到明年实施
    r"|(?:暂缓|推迟|延期|延后)(?:(?:至|到)[^,，;；。]{1,6}?)?(?:实施|建设|启动|开工|动工|开建)"
    # not yet able to start, or still before it: 暂不具备开工条件, 仍处于前期谋划阶段
    r"|不具备(?:开工|实施|启动|建设)条件|(?:仍|尚|还|目前)处于[^,，;；。]{0,6}?(?:前期|筹备|谋划|准备)阶段"
)
_WORK_RE = re.compile(r"启动|推进|开展")
_ACTIVITY_RE = re.compile(
    r"完成|建成|启动|推进|开展|建立|组织|印发|召开|举办|实施|加强|落实|持续|拟定|起草|策划|筹备|制定|明确|开设|走访|对接|办理|新增"
)


def expected_share(period: str | None) -> float | None:
    """The share of a year's target due by the period's end, %: 1-3月 25, 1-6月 50, 全年 100;
    None when the period is unknown."""
    if not period:
        return None
    return round(period_rank(period) / 12 * 100, 1)


def _number(text: str) -> float:
    return float(text.replace(",", ""))


def _fmt(value: float) -> str:
    return f"{round(value, 1):g}"


def _bigrams(text: str) -> set[str]:
    chars = re.sub(r"[^\u4e00-\u9fff]", " ", text)
    grams = {chars[i : i + 2] for i in range(len(chars) - 1)}
    return {g for g in grams if " " not in g and g not in _GENERIC}


@dataclass
class Quantity:
    value: float  # in the dimension's base unit
    dimension: str
    text: str  # as written: 1.6公顷
    start: int  # offset in its clause
    end: int


def quantities(clause: str) -> list[Quantity]:
    """Figures with a unit of amount in a clause (dates, ages, floors and percentages not counting)."""
    found = []
    for match in _QUANTITY_RE.finditer(clause):
        number, _, magnitude, unit = match.groups()
        dimension, factor = _MEASURE_UNITS.get(unit, (unit, 1.0))
        value = _number(number) * _MAGNITUDE.get(magnitude or "", 1.0) * factor
        found.append(Quantity(value, dimension, match.group(0), match.start(), match.end()))
    return found


@dataclass
class Clause:
    text: str
    sentence: int  # index of its sentence
    before: str  # the sentence up to this clause
    plan: bool


# A plan named as the list a thing is on (列入年度治理计划的重点企业, 纳入目标清单的项目): the
# thing, not a plan of it.
_LISTED_IN_RE = re.compile(r"(?:列入|纳入|列为)[^,，;；。]{0,12}?(?:计划|目标|清单|名单|任务)(?:的|中|内)")


def split_clauses(text: str) -> list[Clause]:
    """Sentences cut at commas; each clause knows the sentence before it and whether it is a plan.
    A clause that only gives a rate (增幅14%) belongs to the clause before it (全年计划实现…)."""
    result: list[Clause] = []
    for s, sentence in enumerate(_SENTENCE_RE.findall(text)):
        before = ""
        previous_plan = False
        for piece in _CLAUSE_RE.findall(sentence):
            stripped = piece.strip()
            if not stripped:
                continue
            plan = bool(_PLAN_RE.search(_LISTED_IN_RE.sub(" ", stripped)))
            if re.match(r"(?:同比)?(?:增长|增幅|增速|增收)", stripped):
                plan = plan or previous_plan
            result.append(Clause(stripped.rstrip(",，。；;"), s, before, plan))
            before += piece
            previous_plan = plan
    return [c for c in result if c.text]


@dataclass
class Measure:
    """One comparable share: ``share`` against ``expected`` (both %), read from ``clause``."""

    kind: str  # rate, schedule, growth, level, pair
    clause: str
    sentence: int
    share: float
    expected: float | None  # None: the period is unknown
    phrase: str  # what the text says: 完成率13.8%
    target: str = ""  # what it is compared with: 任务3个, 年度目标增长7%
    scoped: bool = False  # a target due in full by the period's end (一季度…任务数32个)

    def judge(self, band: float, final: bool) -> StatusValue | str | None:
        """``met`` (reached, in a 全年 report), 滞后, 超进度, 正常推进, or None (no period to compare)."""
        if self.kind == "level":
            if self.share >= 100:
                return "met" if final else StatusValue.AHEAD
            return StatusValue.BEHIND if final else StatusValue.ON_TRACK
        expected = 100.0 if self.kind in ("schedule", "growth") else self.expected
        if expected is None:
            return None
        if final and self.share >= 100:
            return "met"
        if self.share < expected - band:
            return StatusValue.BEHIND
        if self.share > expected + band or (self.share >= 100 and self.kind in ("rate", "pair")):
            return StatusValue.AHEAD
        return StatusValue.ON_TRACK


@dataclass
class Evidence:
    """Everything :func:`decide` needs, independent of the band."""

    period: str | None
    measures: list[Measure] = field(default_factory=list)
    behind: tuple[str, str] | None = None  # (clause, the words)
    ahead: tuple[str, str] | None = None
    whole_done: tuple[str, str] | None = None
    no_data: tuple[str, str] | None = None
    not_started: tuple[str, str] | None = None
    work: str | None = None  # a clause showing work under way (启动, 推进, 开展)
    figure: str | None = None  # a clause with a done figure that no target compares with
    part_done: tuple[str, str] | None = None  # a department's segment: its part said done, nothing pending
    missed: tuple[str, str] | None = None  # the year's target said missed (未完成年度目标)
    target_met: tuple[str, str] | None = None  # the target said met (实现“双下降”目标)
    forecast: str | None = None  # a clause forecasting the indicator (预计全年增长5%左右)
    first: str | None = None  # the first clause, when nothing else speaks
    empty: bool = False


# An estimate, or a forecast, of an indicator: 预计全年增长5%左右, 初步测算.
_ESTIMATE_RE = re.compile(r"预计|预估|估算|初步测算|初步核算")
# A clause about one part of the task: 其中东城片区12公里改造已全部完工, 一期工程已全部完工 (a part
# word the task itself does not use).
_PART_WORD_RE = re.compile(r"一期|首期|首批|部分|片区|标段|[东南西北]段")


def _a_subpart(clause: Clause, task: str) -> bool:
    if (clause.before + clause.text).startswith("其中") or clause.text.startswith("其中"):
        return True
    return any(m.group(0) not in task for m in _PART_WORD_RE.finditer(clause.text))


# A state the clause says is over: 已扭转上半年滞后局面, 摆脱了滞后状态.
_REVERSED_RE = re.compile(r"(?:扭转|摆脱|改变|消除|走出)[^,，;；。]{0,8}$")


def _matches(clauses: list[Clause], rules, overlapping: bool = True) -> Iterator[tuple[Clause, re.Match, object]]:
    """Walk a rule table over clauses: each match of each ``(pattern, tag)`` of ``rules`` as
    ``(clause, match, tag)``, clause by clause and, within a clause, in the table's order. With
    ``overlapping`` False (default True) a match overlapping one already taken in its clause is
    skipped: the earlier rule wins (达目标进度的164% is a schedule, not also a rate)."""
    for clause in clauses:
        taken: list[tuple[int, int]] = []
        for pattern, tag in rules:
            for match in pattern.finditer(clause.text):
                if not overlapping and any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                taken.append(match.span())
                yield clause, match, tag


def _words(clauses: list[Clause], pattern: re.Pattern, skip_stages: bool = False) -> tuple[str, str] | None:
    """The first clause where ``pattern`` occurs (not negated, not said to be over), with the
    words it matched."""
    for clause, match, _ in _matches(clauses, [(pattern, None)]):
        head = clause.text[: match.start()]
        if _NEGATED_RE.search(head) or _REVERSED_RE.search(head):
            continue
        if skip_stages and _STAGE_RE.search(clause.text[match.end() :]):
            continue  # 均已完成方案设计: a stage is done, not the task
        return clause.text, match.group(0).rstrip(",，")
    return None


def _said(text: str, pattern: re.Pattern) -> bool:
    """Whether ``pattern`` occurs in ``text`` other than negated (尚未启动 is not 启动)."""
    return any(not _NEGATED_RE.search(text[: m.start()]) for m in pattern.finditer(text))


def _whole_task_finished(task: str, clauses: list[Clause]) -> tuple[str, str] | None:
    """A task with one thing to deliver whose object a clause names with a finishing verb: task
    建成区图书馆新馆并对外开放, progress 区图书馆新馆于10月1日正式对外开放; task 完成区人民医院门诊综合楼
    建设, progress 门诊综合楼已竣工验收 (完成 alone is too common to count). Clauses of continuing
    work (推进…, 加强…) do not count as things to deliver. A clause without a subject of its own
    (…完成系统联调,6月15日正式投入使用) speaks of its sentence's; a subject that is the head of the
    object's name (新馆 of 南湖区档案馆新馆, 指挥中心) names the object."""
    deliverables = [c for c in split_clauses(task) if not _ONGOING_TASK_RE.match(c.text)]
    if len(deliverables) != 1 or "、" in task or quantities(task):
        return None  # a task of several parts, or with figures: those decide
    wanted_text = _FINISH_RE.sub(" ", _ACT_DONE_RE.sub(" ", deliverables[0].text))
    start_task = bool(_START_TASK_RE.match(deliverables[0].text))
    if start_task:
        wanted_text = _START_TASK_RE.sub(" ", wanted_text)
    wanted = _bigrams(wanted_text)
    if len(wanted) < 3:
        return None
    objects = _object_names(deliverables[0].text)
    for clause in clauses:
        finish = _FINISH_RE.search(clause.text) or _ACT_DONE_RE.search(clause.text)
        rest = clause.text
        if start_task and not finish:
            finish = _STARTED_RE.search(clause.text)
            if finish:
                rest = clause.text[: finish.start()] + clause.text[finish.end() :]  # 启动 is the deliverable here
        if not finish or clause.plan or _UNDERWAY_RE.search(rest) or _STAGE_RE.search(clause.text):
            continue
        if quantities(clause.text):  # 已建成…2个: a count, judged against the task's figures
            continue
        head = clause.text[: finish.start()]
        if _NEGATED_RE.search(head) or "基本" in head:
            continue
        # The clause names the task's object (most of its words), or its own subject is the
        # object's short name (门诊综合楼 of 区人民医院门诊综合楼; a two-word one wholly in it).
        bare_head = _SUBJECT_NOISE_RE.sub(" ", head)
        subject = _bigrams(bare_head)
        said = clause.text
        facility = None
        if not re.search(r"[\u4e00-\u9fff]{2}", bare_head):
            # No subject of its own: the sentence's topic, the clause before it (6月15日正式投入使用).
            said = clause.before + clause.text
            topic = re.split(rf"{_ACTIVITY_RE.pattern}|{_FINISH_RE.pattern}", clause.before, maxsplit=1)[0]
            bare_head = _SUBJECT_NOISE_RE.sub(" ", topic)
            subject = _bigrams(bare_head)
            if _IN_USE_RE.fullmatch(finish.group(0)):
                # Put in use: the facility the topic opens with, not the works on it.
                lead = re.match(r"\s*([\u4e00-\u9fff]+)", bare_head)
                facility = _facility_before_works(lead.group(1), objects) if lead else None
        shared = len(subject & wanted) / len(subject) if subject else 0.0
        # The subject's name as written, where it is the head of the object's (新馆, 指挥中心), or
        # its short form (科创中心 of 科技创新中心); 该项目 is the task's 项目.
        name = re.search(r"^\s*(?:该|本|此)?([\u4e00-\u9fff]{2,})\s*$", bare_head)
        names = [name.group(1)] if name else []
        if facility:
            return said.strip(), finish.group(0)
        # A document named by its short title: 《若干措施》 of 出台《…促进数字经济发展若干措施》.
        titles = [_bigrams(t) for t in re.findall(r"《([^》]{2,30})》", head)]
        if (
            len(wanted & _bigrams(said)) / len(wanted) >= 0.6
            or (len(subject) >= 3 and shared >= 0.75)
            or (len(subject) == 2 and shared == 1.0)
            or any(o.endswith(n) or _abbreviates(n, o) for n in names for o in objects)
            or any(title and title <= wanted for title in titles)
        ) and not _names_a_component(bare_head, objects):
            return said.strip(), finish.group(0)
    return None


def _facility_before_works(lead: str, objects: list[str]) -> str | None:
    """The object's name (or its short form) opening ``lead`` and followed by works on it
    (科创中心 of 科创中心装修及智能化改造工程), else None."""
    for end in range(len(lead) - 1, 1, -1):
        head, rest = lead[:end], lead[end:]
        if _WORKS_RE.match(rest) and any(o.endswith(head) or _abbreviates(head, o) for o in objects):
            return head
    return None


def _abbreviates(short: str, name: str) -> bool:
    """Whether ``short`` is a short form of ``name``: at least three characters, found in order in
    it and ending with its head noun (科创中心 of 北塘区科技创新中心; 新馆 alone is matched as the
    head of the name, elsewhere)."""
    if len(short) < 3 or len(name) <= len(short) or short[-2:] != name[-2:]:
        return False
    chars = iter(name)
    return all(char in chars for char in short)


def _object_names(task: str) -> list[str]:
    """The names of what a task makes, as written (南湖区档案馆新馆, 背街小巷): its words without
    verbs of doing and finishing, acts done to it (搬迁, 举办), and figures."""
    text = _TASK_VERBS_RE.sub(" ", _FINISH_RE.sub(" ", _ACT_DONE_RE.sub(" ", task)))
    text = _OBJECT_ACTS_RE.sub(" ", text)
    return [name for name in re.split(r"[^\u4e00-\u9fff]+|并|和|及", text) if len(name) >= 2]


def _a_component_done(clause: Clause, names: list[str]) -> bool:
    """Whether the clause says the whole of a component done (新馆主体结构已全部完工, 背街小巷的管网改造
    已全部完成): not the task's object."""
    done = _WHOLE_DONE_RE.search(clause.text)
    return bool(done) and _names_a_component(_SUBJECT_NOISE_RE.sub(" ", clause.text[: done.start()]), names)


def _longest_common(a: str, b: str) -> str:
    """The longest common substring of two short texts."""
    best = ""
    for start in range(len(a)):
        for end in range(start + len(best) + 1, len(a) + 1):
            if a[start:end] not in b:
                break
            best = a[start:end]
    return best


def _names_a_component(subject: str, objects: list[str]) -> bool:
    """Whether a subject names a component of the task's object: the object's name followed by
    another noun (新馆主体结构, 体育中心一期, 档案馆外立面工程) — the last noun is the thing meant —
    not by 工程/项目 alone, by a word of the object's own name (“松岭通办”专区 of 松岭专区), by who
    decided (《若干措施》…经区政府常务会议), nor joined to more (新馆及配套设施)."""
    for run in re.findall(r"[\u4e00-\u9fff]+", subject):
        for name in objects:
            common = _longest_common(run, name)
            if len(common) < 2:
                continue
            rest = run[run.rfind(common) + len(common) :]
            if re.match(r"及|和|与|并|以及|经|由", rest) or _FINAL_STAGE_RE.match(rest):
                continue
            # The rest ends with what the object's name has after the common part: the object
            # itself, maybe with more of its kind (单位清查和登记工作 of 经济普查登记工作).
            tail = _GENERIC_TAIL_RE.sub("", name[name.find(common) + len(common) :])
            if len(tail) >= 2 and _GENERIC_TAIL_RE.sub("", rest).endswith(tail):
                continue
            rest = re.sub(rf"(?:{_TASK_VERBS_RE.pattern}|工程|项目|设施|整体|全部|全面|工作|任务)+$", "", rest).lstrip(
                "的"
            )
            if len(rest) >= 2 and not any(rest in other for other in objects):
                return True
    return False


# Words that end many names and tell nothing of them: 登记工作 is 登记.
_GENERIC_TAIL_RE = re.compile(r"(?:工作|任务|工程|项目)+$")

# Words around a clause's subject that are not its name: 已于9月, 正式, 通过.
_SUBJECT_NOISE_RE = re.compile(r"已经|已|于|正式|成功|圆满|顺利|通过|\d+\s*(?:月[底初末中]?|年[底初末]?|日)|[上中下]旬")


def _task_targets(task: str) -> list[tuple[Quantity, set[str], set[str], str]]:
    """The task's figures: (quantity, the words around it, the early stages it is about (开工,
    签约; empty for a thing done), the name of what it counts: 高新技术企业 of 新增高新技术企业60家, or "")."""
    targets = []
    everything = _bigrams(task)
    for clause in split_clauses(task):
        previous: set[str] = set()
        for part in clause.text.split("、"):
            for q in quantities(part):
                # 1223亩以上: the words before it; 全长3.2公里: the whole task's.
                words = _bigrams(part.replace(q.text, " ")) or previous or everything
                name = re.search(r"[\u4e00-\u9fff]+$", part[: part.find(q.text)])
                name = _TASK_VERBS_RE.sub("", name.group(0)) if name else ""
                targets.append((q, words, _target_stages(part), name))
            previous = _bigrams(part) or previous
    return targets


# A clause that ends saying its subject is done: 沿线店招店牌整治已完成.
_ENDS_DONE_RE = re.compile(
    rf"(?:已经|均已|已全部|已)(?:于[^,，;；。]{{1,12}}?)?(?:完成|{_FINISH_RE.pattern})(?:并[^,，;；。]{{1,8}})?$"
)


def _part_done(clauses: list[Clause]) -> tuple[str, str] | None:
    """A department's segment whose work is said done (沿线店招店牌整治已完成) and nothing is
    pending: no clause under way, not started, planned or a preparatory stage done."""
    done = None
    for clause in clauses:
        if clause.plan or _UNDERWAY_RE.search(clause.text) or _NOT_STARTED_RE.search(clause.text):
            return None
        if re.search(r"正在|推进中|办理中|进行中", clause.text):
            return None
        end = _ENDS_DONE_RE.search(clause.text)
        if end and done is None and not _STAGE_RE.search(clause.text[: end.start()]):
            done = (clause.text, end.group(0))
    return done


def _decline_met(task: str, clauses: list[Clause]) -> tuple[str, str] | None:
    """A task asking for a fall with no figure (事故起数、死亡人数“双下降”, 发案数下降) whose
    progress reports falls and no rise: the target met."""
    if not re.search(r"下降|减少|降低", task) or re.search(_PCT, task):
        return None
    if any(re.search(rf"(?:上升|增加|增长|反弹)\s*{_NUM}", c.text) for c in clauses):
        return None
    return _words([c for c in clauses if not c.plan], _DECLINE_RE)


def _a_part(clause: Clause, targets: list) -> bool:
    """Whether the clause counts less than the task's target of its kind (东城片区12公里…已全部完工
    against 40公里): what it says is done is a part."""
    words = _bigrams(clause.text)
    for q in quantities(clause.text):
        same = [t for t in targets if t[0].dimension == q.dimension]
        if same and q.value < max(same, key=lambda t: len(t[1] & words))[0].value:
            return True
    return False


def _others_reported(clauses: list[Clause], said: str) -> bool:
    """Whether ``said`` (a clause) only says someone did not report (未报送, 未提供进展情况) and
    another sentence of the text reports work done or under way."""
    if not _NOT_REPORTED_RE.search(said):
        return False
    where = next(c.sentence for c in clauses if c.text == said)
    return any(
        c.sentence != where
        and not c.plan
        and not _NO_DATA_RE.search(c.text)
        and (_said(c.text, _ACTIVITY_RE) or _said(c.text, _DONE_RE) or quantities(c.text))
        for c in clauses
    )


def gather(task: str, text: str, period: str | None, segment: bool = False) -> Evidence:
    """Read a progress text (or, with ``segment``, one department's segment of it; default
    False) against its task."""
    expected = expected_share(period)
    evidence = Evidence(period, empty=not text.strip())
    if evidence.empty:
        return evidence
    clauses = split_clauses(text)
    evidence.first = clauses[0].text if clauses else text.strip()
    evidence.no_data = _words(clauses, _NO_DATA_RE)
    if evidence.no_data and _others_reported(clauses, evidence.no_data[0]):
        # One department did not report (区交通运输局:未报送完成情况) while the others did: the
        # item stands where the reported work puts it; that department's own segment is 数据未出.
        evidence.no_data = None
    if evidence.no_data:
        # Where the text says the figures are not out, its estimates stand in for them and
        # measure nothing (数据待统计局核算…,初步测算,预计增长5%左右).
        clauses = [replace(c, plan=True) if _ESTIMATE_RE.search(c.before + c.text) else c for c in clauses]
    evidence.behind = _words(clauses, _BEHIND_RE)
    evidence.ahead = _words(clauses, _AHEAD_RE)
    # A sub-part finished (其中东城片区…已全部完工) is not the whole task done.
    targets = _task_targets(task)
    names = _object_names(task)
    whole = [
        c
        for c in clauses
        if not c.plan and not _a_subpart(c, task) and not _a_part(c, targets) and not _a_component_done(c, names)
    ]
    evidence.whole_done = _words(whole, _WHOLE_DONE_RE, True) or _whole_task_finished(task, clauses)
    if period == "全年":
        evidence.missed = _words(clauses, _MISSED_RE)
        evidence.target_met = _words([c for c in clauses if not _a_subpart(c, task)], _TARGET_MET_RE) or _decline_met(
            task, clauses
        )
    evidence.forecast = next(
        (c.text for c in clauses if c.plan and _ESTIMATE_RE.search(c.text) and re.search(_PCT, c.text)), None
    )
    not_started = _words(clauses, _NOT_STARTED_RE)
    # "A已启动,B尚未启动" is work under way; plans and preparatory stages are not (方案已完成,
    # 前期手续办理中,尚未开工, 计划7月进场).
    land_stage = not _LAND_STAGE_RE.search(task)
    others = [
        c
        for c in clauses
        if not _NOT_STARTED_RE.search(c.text)
        and not c.plan
        and not _STAGE_RE.search(c.text)
        and not (land_stage and _LAND_STAGE_RE.search(c.text))
    ]
    if not_started and not any(_said(c.text, _ACTIVITY_RE) for c in others):
        evidence.not_started = not_started
    evidence.work = next((c.text for c in clauses if _said(c.text, _WORK_RE) and not c.plan), None)
    measures = evidence.measures
    measures.extend(_stated_rates(clauses, expected))
    measures.extend(_growth(task, clauses))
    measures.extend(_levels(task, clauses))
    rated = {m.sentence for m in measures if m.kind in ("rate", "schedule")}
    # A stated rate speaks for the figures of its sentence: 我区新建5G基站386个,完成区级分解任务的77.2%
    # is the district's share, not 386 of the city's 1万个.
    measures.extend(m for m in _pairs(task, clauses, expected) if m.sentence not in rated)
    if not any(m.kind == "pair" for m in measures):
        measures.extend(_listed_parts(task, clauses, expected))
    if segment:
        evidence.part_done = _part_done(clauses)
    if not measures:
        evidence.figure = next(
            (
                c.text
                for c in clauses
                if not c.plan
                and _DONE_RE.search(c.text)
                and any(
                    not _a_named_set(c, q) and not _REMAINDER_RE.search(c.text[: q.start]) for q in quantities(c.text)
                )
            ),
            None,
        )
    return evidence


# Stated rates, the schedule's first: (pattern, kind).
_RATE_RULES = ((_SCHEDULE_RE, "schedule"), *((pattern, "rate") for pattern in _RATE_RES))
# Growth and a fall against a growth target: (pattern, sign).
_GROWTH_RULES = ((_GROWTH_RE, 1), (_DECLINE_RE, -1))


def _stated_rates(clauses: list[Clause], expected: float | None) -> list[Measure]:
    """Completion rates (完成率13.8%, 为年初预算的35.4%…) and rates of the schedule (达目标进度的164%)."""
    return [
        Measure(
            kind,
            clause.text,
            clause.sentence,
            _number(match.group(1)),
            100.0 if kind == "schedule" else expected,
            match.group(0),
        )
        for clause, match, kind in _matches(clauses, _RATE_RULES, overlapping=False)
    ]


def _growth(task: str, clauses: list[Clause]) -> list[Measure]:
    """Growth against the task's growth target: the progress growth whose sentence names the same
    subject, else the first (增幅58.5% under 社会消费品零售总额增长10%)."""
    growths = list(_matches([c for c in clauses if not c.plan], _GROWTH_RULES))
    growths.sort(key=lambda g: (g[0].sentence, len(g[0].before), g[1].start()))
    measures = []
    for task_clause, target, _ in _matches(split_clauses(task), [(_TASK_GROWTH_RE, None)]):
        goal = _number(target.group(1))
        if not growths or goal <= 0:
            continue
        subject = _bigrams(task_clause.text[: target.start()])
        overlap = [len(subject & _bigrams(c.before + c.text[: m.start()])) for c, m, _ in growths]
        clause, match, sign = growths[overlap.index(max(overlap))]
        share = sign * _number(match.group(1)) / goal * 100
        measures.append(Measure("growth", clause.text, clause.sentence, share, 100.0, match.group(0), target.group(0)))
    return measures


def _levels(task: str, clauses: list[Clause]) -> list[Measure]:
    """A level the task names (污水集中处理率达到96%), reached or not."""
    measures = []
    for _, target, _ in _matches(split_clauses(task), [(_TASK_LEVEL_RE, None)]):
        name = re.search(r"[\u4e00-\u9fff]{1,6}率$", target.group(1)).group(0)
        goal = _number(target.group(2))
        if name.endswith(_NOT_LEVEL) or goal <= 0:
            continue
        measured: set[int] = set()  # one level per clause: its first of that name
        for clause, match, _ in _matches([c for c in clauses if not c.plan], [(_LEVEL_RE, None)]):
            if id(clause) in measured:
                continue
            if match.group(1)[-3:] == name[-3:] or len(_bigrams(match.group(1)) & _bigrams(name)) >= 2:
                measured.add(id(clause))
                share = _number(match.group(2)) / goal * 100
                start = match.group(0).find(name[-3:])
                phrase = match.group(0)[start:] if start >= 0 else match.group(0)
                measures.append(
                    Measure("level", clause.text, clause.sentence, share, None, phrase, f"{name}{_fmt(goal)}%")
                )
    return measures


def _done_figures(clause: Clause) -> list[Quantity]:
    """Figures the clause reports as done — after a done verb, or before a finishing one
    (全线3.2公里于12月28日建成通车) — not planned, under way or a preparatory stage."""
    if clause.plan or _UNDERWAY_RE.search(clause.text) or _STAGE_RE.search(clause.text):
        return []
    return [
        q
        for q in quantities(clause.text)
        if not _a_named_set(clause, q)
        and not _REMAINDER_RE.search(clause.text[: q.start])
        and (
            _DONE_RE.search(clause.text[: q.start])
            or _FINISH_RE.search(clause.text[q.end :])
            or _DONE_AFTER_RE.match(clause.text[q.end :])
        )  # 其中2个已完成改造
    ]


def _a_named_set(clause: Clause, q: Quantity) -> bool:
    """Whether the figure names the set the text goes on to report on (新建的4个…综合体中), not a
    count done."""
    return clause.text[: q.start].endswith("的") and bool(_SET_NAMED_RE.search(clause.text))


def _stated_targets(clause: Clause) -> list[Quantity]:
    """Targets the clause itself states: after 任务数/目标为/承担的; a figure opening the clause
    (42个小区已全部开工); or the whole of an "N个X…已完成M个" (74个新开工项目开工3个)."""
    found = []
    figures = quantities(clause.text)
    for n, q in enumerate(figures):
        head = clause.text[: q.start]
        if _a_named_set(clause, q):  # 新建的8个社区书屋中
            found.append(q)
            continue
        if _DONE_RE.search(head) and not _STATED_TARGET_RE.search(head):
            continue
        if _STATED_TARGET_RE.search(head) and not head.endswith("完成数"):
            found.append(q)
        elif (
            _SCOPE_HEAD_RE.match(head.strip("年0123456789 "))
            and not clause.plan
            # after a set named (新建的8个书屋中,3个已建成) a figure opening a clause is a part of it
            and not re.search(r"中[,，]", clause.before)
        ):
            found.append(q)
        elif any(
            later.dimension == q.dimension
            # 已完成改造61所: the done verb may have its own object verb before the figure
            and re.search(
                rf"(?:{_DONE_RE.pattern})[了]?(?:改造|建设|整治|提升|修缮|安装|更新)?$", clause.text[: later.start]
            )
            # 续建1100套、新开工750套 lists parts side by side; neither is the other's whole
            and "、" not in clause.text[q.end : later.start]
            for later in figures[n + 1 :]
        ):
            found.append(q)
    return found


def _bare_count(clause: Clause) -> Quantity | None:
    """The figure of a clause that only counts something (反馈问题12项): one figure, no verb of
    doing, under way or planning."""
    figures = quantities(clause.text)
    if len(figures) != 1 or clause.plan or _UNDERWAY_RE.search(clause.text):
        return None
    if _DONE_RE.search(clause.text) or _ACTIVITY_RE.search(clause.text) or _DONE_AFTER_RE.search(clause.text):
        return None
    return figures[0]


def _pairs(task: str, clauses: list[Clause], expected: float | None) -> list[Measure]:
    """Done figures against a target: one the text states before them, else the task's of the
    same kind of unit that shares a word with them (or the only one, for a bare 完工9个)."""
    measures = []
    targets = _task_targets(task)
    task_dimensions = {t[0].dimension for t in targets}
    stated: list[tuple[Quantity, Clause]] = []
    for clause in clauses:
        own_targets = _stated_targets(clause)
        stated.extend((q, clause) for q in own_targets)
        # A bare count (反馈问题12项,已完成整改10项) is the whole the later figures are part of,
        # where the task gives no figure of its kind.
        bare = _bare_count(clause)
        if bare is not None and bare.dimension not in task_dimensions:
            stated.append((bare, clause))
        for q in _done_figures(clause):
            if any(t is q or (t.start, t.end) == (q.start, q.end) for t in own_targets):
                continue
            before = clause.text[: q.start]
            verbs = _DONE_RE.findall(before)
            stage = _figure_stage(verbs[-1]) if verbs else ""
            around = _PERIOD_WORDS_RE.sub(" ", before + clause.text[q.end :])
            words = _bigrams(around)
            if not _bigrams(_DONE_WORDS_RE.sub(" ", around)):
                # Only verbs saying it is done (已建成运营5个, 已竣工交付620套): the figure counts
                # the sentence's subject or the task's, as a bare 完工9个 does.
                words = set()
            candidate = None
            for target, where in reversed(stated):
                if target.dimension != q.dimension or (where.sentence != clause.sentence and words):
                    continue
                if stage and stage not in _target_stages(where.text):
                    continue  # 开工, 签约 count only where the target is of that stage
                candidate = (target, where)
                break
            if candidate:
                target, where = candidate
                scope = where.before + where.text[: target.start]
                scoped = bool(_PERIOD_SCOPE_RE.search(scope)) and "全年" not in scope
                if target.value > 0:
                    due = 100.0 if scoped else expected
                    share = q.value / target.value * 100
                    measures.append(
                        Measure("pair", clause.text, clause.sentence, share, due, q.text, f"目标{target.text}", scoped)
                    )
                continue
            context = words or _bigrams(clause.before)
            same_kind = [t for t in targets if t[0].dimension == q.dimension and (not stage or stage in t[2])]
            if not same_kind:
                continue
            best = max(same_kind, key=lambda t: len(t[1] & context))
            shared = best[1] & context
            if not shared and (words or len(same_kind) > 1):
                continue
            # The text names the target's object elsewhere and this figure counts something
            # else that shares only a word with it: 培育入库企业35家 is not 高新技术企业 (60家).
            name = best[3]
            if len(name) >= 4 and name not in clause.text and any(name in c.text for c in clauses) and len(shared) == 1:
                continue
            if best[0].value > 0:
                share = q.value / best[0].value * 100
                measures.append(
                    Measure("pair", clause.text, clause.sentence, share, expected, q.text, f"任务{best[0].text}")
                )
    measures.extend(_remainders(clauses, stated, targets, {m.sentence for m in measures}, expected))
    return measures


def _remainders(clauses, stated, targets, measured: set[int], expected: float | None) -> list[Measure]:
    """What is left against the whole, where no done figure is given (新建的4个…中,A已建成投用,
    其余3个正在装修): done is the whole less the rest — 1 of 4. The whole is the one its sentence
    states before it, else the task's only one of that unit."""
    measures = []
    for n, clause in enumerate(clauses):
        if clause.sentence in measured or clause.plan or not _NOT_YET_RE.search(clause.text):
            continue
        for q in quantities(clause.text):
            if not _REMAINDER_RE.search(clause.text[: q.start]):
                continue
            # the whole of this sentence (打通断头路5条…其余3条 is not of the 6条 before it)
            earlier = {id(c) for c in clauses[:n] if c.sentence == clause.sentence}
            wholes = [t for t, where in stated if t.dimension == q.dimension and id(where) in earlier]
            if not wholes:
                wholes = [t[0] for t in targets if t[0].dimension == q.dimension]
                if len(wholes) != 1:
                    continue
            whole = wholes[-1]
            if whole.value <= q.value:
                continue
            done = whole.value - q.value
            unit = q.text[len(re.match(_NUM, q.text).group(0)) :].lstrip("余多 ")
            measures.append(
                Measure(
                    "pair",
                    clause.text,
                    clause.sentence,
                    done / whole.value * 100,
                    expected,
                    f"已完成{_fmt(done)}{unit}(其余{q.text}未完成)",
                    f"目标{whole.text}",
                )
            )
            break
    return measures


# Words saying a figure is done, which say nothing of what it counts.
_DONE_WORDS_RE = re.compile(
    rf"{_DONE_RE.pattern}|{_FINISH_RE.pattern}|已经|均已|已|全部|其中|共计|合计|到位|运营|运行|使用|正式|今年|当年|本年"
)

# Verbs of a task that are not the names of its parts (开工建设第二实验小学).
_TASK_VERBS_RE = re.compile(rf"{_DONE_RE.pattern}|建设|实施|推进|改造|打造|提升")


def _listed_parts(task: str, clauses: list[Clause], expected: float | None) -> list[Measure]:
    """A task that names its parts and counts them (开工建设A、B2所学校): the parts the progress
    reports done (A已于7月开工) against the count. Only where some part is done: a text that
    finishes none says so in words (尚未开工) that decide better."""
    measures = []
    for task_clause in split_clauses(task):
        parts = task_clause.text.split("、")
        counts = quantities(parts[-1])
        if len(parts) < 2 or len(counts) != 1 or counts[0].value != len(parts):
            continue
        if counts[0].dimension not in _COUNT_UNITS:
            continue
        count = counts[0]
        starting = bool(_START_ONLY_RE.search(task_clause.text))
        # The last part's name ends at the count: what follows is every part's noun (城东、城西2座污水处理厂).
        parts[-1] = parts[-1][: parts[-1].find(count.text)]
        names = [_bigrams(_TASK_VERBS_RE.sub(" ", part)) for part in parts]
        if not all(names):
            continue
        done_in: dict[int, Clause] = {}
        # A part is done when it is finished (建成, 竣工, 投入使用) or, for a task of starting work,
        # started; 完成 alone is usually a step (完成桩基施工), a share (完成主体结构施工30%) even more so.
        finished = re.compile(rf"{_FINISH_RE.pattern}|{_START_ONLY_RE.pattern}" if starting else _FINISH_RE.pattern)
        for clause in clauses:
            if clause.plan or _UNDERWAY_RE.search(clause.text) or _STAGE_RE.search(clause.text):
                continue
            if re.search(_PCT, clause.text):
                continue
            verbs = [m for m in finished.finditer(clause.text) if not _NEGATED_RE.search(clause.text[: m.start()])]
            if not verbs:
                continue
            words = _bigrams(clause.text)
            for n, name in enumerate(names):
                if n not in done_in and len(name & words) / len(name) >= 0.8:
                    done_in[n] = clause
        if done_in:
            first = done_in[min(done_in)]
            verb = "开工" if starting else "完成"
            unit = count.dimension  # a count unit is its own dimension
            measures.append(
                Measure(
                    "pair",
                    first.text,
                    first.sentence,
                    len(done_in) / len(parts) * 100,
                    expected,
                    f"{verb}{len(done_in)}{unit}",
                    f"任务{count.text}",
                )
            )
    return measures


# -- deciding ------------------------------------------------------------------------------
def _lead(measure: Measure) -> str:
    """The clause, with what it is compared with: 已建成口袋公园1个,为任务3个的33.3%."""
    text = measure.clause if measure.phrase in measure.clause else f"{measure.clause}:{measure.phrase}"
    if measure.kind == "pair":
        text += f",为{measure.target}的{_fmt(measure.share)}%"
    return text


def _reason(measure: Measure, verdict: StatusValue | str, band: float, period: str | None) -> str:
    """The clause and the rule, in Chinese: 完成率13.8%,低于一季度应有进度25%."""
    lead = _lead(measure)
    within = f"相差不超过{_fmt(band)}个百分点"
    if measure.kind == "schedule":
        rule = {StatusValue.AHEAD: "快于时序进度", StatusValue.BEHIND: "慢于时序进度", "met": "已达时序进度"}
        return f"{lead},{rule.get(verdict, f'与时序进度{within}')}"
    if measure.kind == "growth":
        word = {StatusValue.AHEAD: "高于", StatusValue.BEHIND: "低于", "met": "达到"}.get(verdict, "接近")
        return f"{lead},{word}年度目标{measure.target}"
    if measure.kind == "level":
        rule = f"已达到年度目标{measure.target}" if measure.share >= 100 else f"尚未达到年度目标{measure.target}"
        return f"{lead},{rule}{',早于年底' if verdict == StatusValue.AHEAD else ''}"
    if measure.expected is None:
        return f"{lead};报告时段不明,无法与应有进度比较"
    due = f"应有进度{_fmt(measure.expected)}%"
    when = f"{period_label(period)}任务" if measure.scoped else period_label(period) if period else "本期"
    if verdict == "met":
        return f"{lead},已完成年度目标"
    if verdict == StatusValue.BEHIND:
        return f"{lead},低于{when}{due}"
    if verdict == StatusValue.AHEAD:
        return f"{lead},{'已达到目标,早于年底' if measure.share >= 100 else f'高于{when}{due}'}"
    return f"{lead},与{when}{due}{within}"


_KIND_ORDER = {"rate": 0, "schedule": 1, "growth": 2, "level": 3, "pair": 4}


def decide(evidence: Evidence, band: float = BAND, department: str | None = None) -> Status:
    """The status, its clause and its reason from what :func:`gather` read. First that applies:
    the text says it lags; the text says it is all done; a measure lags; in a 全年 report every
    measure reached its target; the text says it is ahead or a measure is; a measure is on
    track; 数据未出; 未启动; work reported without a comparable figure (正常推进)."""

    def make(status, reason, clause, measure=None):
        rate = expected = None
        if measure is not None:
            rate = round(measure.share, 1)
            expected = 100.0 if measure.kind in ("schedule", "growth", "level") else measure.expected
        return Status(StatusValue(status), reason, clause, rate, expected, department)

    def said(words_of, status, rule=""):
        clause, words = words_of
        lead = f"“{clause}”:" if clause != words else ""
        return make(status, f"{lead}报告写明“{words}”{rule}", clause)

    if evidence.empty:
        return make(StatusValue.NO_DATA, "未报送完成情况", "")
    final = evidence.period == "全年"
    judged = [(m, m.judge(band, final)) for m in evidence.measures]
    comparable = sorted([(m, v) for m, v in judged if v is not None], key=lambda mv: _KIND_ORDER[mv[0].kind])

    def first(verdict, key=lambda mv: _KIND_ORDER[mv[0].kind]):
        chosen = [(m, v) for m, v in comparable if v == verdict]
        return min(chosen, key=key) if chosen else None

    def said_with(words_of, status):
        """The text's own words, with the measure that agrees with them when there is one."""
        agreeing = first(status)
        result = said(words_of, status)
        if agreeing is None:
            return result
        m, v = agreeing
        rate = round(m.share, 1)
        expected = 100.0 if m.kind in ("schedule", "growth", "level") else m.expected
        reason = f"{result.reason};{_reason(m, v, band, evidence.period)}"
        return Status(result.status, reason, result.clause, rate, expected, department)

    if evidence.behind:
        return said_with(evidence.behind, StatusValue.BEHIND)
    if evidence.missed:
        return said_with(evidence.missed, StatusValue.BEHIND)
    if evidence.whole_done:
        return said(evidence.whole_done, StatusValue.DONE, ",任务已全部完成")
    # The furthest behind of the most explicit kind.
    lagging = first(StatusValue.BEHIND, lambda mv: (_KIND_ORDER[mv[0].kind], mv[0].share - (mv[0].expected or 100)))
    if lagging:
        return make(
            StatusValue.BEHIND, _reason(lagging[0], lagging[1], band, evidence.period), lagging[0].clause, lagging[0]
        )
    if final and comparable and all(v == "met" for _, v in comparable):
        m, v = comparable[0]
        return make(StatusValue.DONE, _reason(m, v, band, evidence.period), m.clause, m)
    if evidence.target_met and not comparable:  # a 全年 report: the year's target said met, no figure behind
        return said(evidence.target_met, StatusValue.DONE, ",全年目标已实现")
    if evidence.ahead:
        return said_with(evidence.ahead, StatusValue.AHEAD)
    for verdict in (StatusValue.AHEAD, StatusValue.ON_TRACK, "met"):
        chosen = first(verdict)
        if chosen:
            m, v = chosen
            return make(
                verdict if verdict != "met" else StatusValue.ON_TRACK, _reason(m, v, band, evidence.period), m.clause, m
            )
    if evidence.measures:  # shares, but no period to compare them with
        m = min(evidence.measures, key=lambda m: _KIND_ORDER[m.kind])
        return make(StatusValue.ON_TRACK, _reason(m, StatusValue.ON_TRACK, band, evidence.period), m.clause, m)
    if evidence.part_done:  # after every figure: a figure behind beats a sub-step said done
        return said(evidence.part_done, StatusValue.DONE, ",本单位承担的部分已完成,未报待办事项")
    if evidence.no_data:
        return said(evidence.no_data, StatusValue.NO_DATA)
    if evidence.not_started:
        return said(evidence.not_started, StatusValue.NOT_STARTED, ",未报其他进展")
    if evidence.forecast and not evidence.work and not evidence.figure:
        return make(StatusValue.NO_DATA, f"“{evidence.forecast}”:只有预计数,实际数据未出", evidence.forecast)
    if evidence.work:
        return make(StatusValue.ON_TRACK, f"“{evidence.work}”:工作已启动推进,没有可与目标比较的数字", evidence.work)
    if evidence.figure:
        return make(StatusValue.ON_TRACK, f"“{evidence.figure}”:报有完成数字,任务没有可比较的目标", evidence.figure)
    return make(StatusValue.ON_TRACK, f"“{evidence.first}”:报有工作举措,没有可与目标比较的数字", evidence.first or "")


def assess(task: str, text: str, period: str | None, band: float = BAND, department: str | None = None) -> Status:
    """The status of a progress text against its task (see the module docstring); with
    ``department`` (default None) the text is that department's segment."""
    return decide(gather(task, text, period, segment=department is not None), band, department)


# -- over an index -------------------------------------------------------------------------
def item_evidence(item: Item, department: str | None = None) -> Evidence | None:
    """What the item's progress (or one department's segment of it) says; None for passages
    and for a department without a segment of its own."""
    if item.no is None:
        return None
    if department is None:
        return gather(item.task, item.progress, item.period)
    segment = next((s for s in item.segments if s.department == department), None)
    return gather(item.task, segment.text, item.period, segment=True) if segment else None


def latest_per_task(items: list[Item], positions) -> list[int]:
    """Of ``positions``, each task's latest report (by year, then period): where it stands now."""
    latest: dict[str, int] = {}
    for position in positions:
        item = items[position]
        key = item.task_key or item.id
        current = latest.get(key)
        if current is None or _when_key(item) > _when_key(items[current]):
            latest[key] = position
    return sorted(latest.values())


def _when_key(item: Item) -> tuple:
    return (item.year or 0, period_rank(item.period), item.report)


class StatusBook:
    """The statuses of one index generation's items, each computed once, when first asked for."""

    def __init__(self, items: list[Item], band: float = BAND) -> None:
        self.items = items
        self.band = band
        self._items: dict[int, Status | None] = {}
        self._departments: dict[tuple[int, str], Status] = {}

    def of(self, position: int) -> Status | None:
        """The item's status (None for a prose passage)."""
        if position not in self._items:
            evidence = item_evidence(self.items[position])
            self._items[position] = decide(evidence, self.band) if evidence else None
        return self._items[position]

    def for_department(self, position: int, department: str) -> Status | None:
        """One department's status on an item: its own segment's where it wrote one, else the
        item's (said so in the reason when other departments wrote segments and it did not)."""
        key = (position, department)
        if key not in self._departments:
            item = self.items[position]
            evidence = item_evidence(item, department)
            if evidence is not None:
                status = decide(evidence, self.band, department)
            else:
                whole = self.of(position)
                if whole is None:
                    return None
                note = "本单位未单独报送完成情况;按事项整体:" if item.segments else ""
                status = Status(whole.status, note + whole.reason, whole.clause, whole.rate, whole.expected, department)
            self._departments[key] = status
        return self._departments[key]

    def overview(
        self, dept: str | None = None, status: StatusValue | str | None = None, report: str | None = None
    ) -> StatusOverview:
        """Counts per department and status, and the items, lagging first.

        Without ``report``, each task in its latest report (where it stands now). A department's
        count uses its own segment's status; the item list uses the item's, or with ``dept`` the
        department's. Unknown status, report or department: :class:`BadInput` in Chinese."""
        wanted = StatusValue.parse(status.strip() if isinstance(status, str) else status) if status else None
        numbered = [n for n, item in enumerate(self.items) if item.no is not None]
        if report is not None and report.strip():
            report = report.strip()
            positions = [n for n in numbered if self.items[n].report == report]
            if not positions:
                known = sorted({self.items[n].report for n in numbered})
                raise BadInput(f"未知的报告 '{report[:40]}';可用:{', '.join(known[:20])}")
        else:
            report = None
            positions = latest_per_task(self.items, numbered)
        names: set[str] | None = None
        if dept is not None and dept.strip():
            counts = Counter(d for n in numbered for d in self.items[n].departments)
            names = match_departments(dept, counts)
            if not names:
                raise BadInput(f"没有名为 '{dept.strip()[:40]}' 的责任单位")
        table: dict[str, Counter] = {}
        rows = []
        for position in positions:
            item = self.items[position]
            for name in item.departments:
                if names is not None and name not in names:
                    continue
                own = self.for_department(position, name)
                if own and (wanted is None or own.status == wanted):
                    table.setdefault(name, Counter())[own.status.value] += 1
            speakers = [d for d in item.departments if d in names] if names is not None else [None]
            for name in speakers:
                current = self.of(position) if name is None else self.for_department(position, name)
                if current is None or (wanted is not None and current.status != wanted):
                    continue
                year, months, _ = _when_key(item)
                rows.append((RANK[current.status], -year, -months, item.report, item.no, name or "", position, current))
        rows.sort(key=lambda r: r[:6])
        departments = [
            DepartmentStatus(name=name, counts={s.value: c[s.value] for s in ORDER}, total=sum(c.values()))
            for name, c in table.items()
        ]
        # Most lagging first, then the busiest.
        departments.sort(key=lambda d: (*(-d.counts[s.value] for s in ORDER[:3]), -d.total, d.name))
        totals = Counter()
        for *_, current in rows:
            totals[current.status.value] += 1
        return StatusOverview(
            statuses=[s.value for s in ORDER],
            band=self.band,
            dept=dept.strip() if dept else None,
            status=wanted.value if wanted else None,
            report=report,
            latest_only=report is None,
            totals={s.value: totals[s.value] for s in ORDER},
            departments=departments,
            items=[StatusRow.of(self.items[p], s) for *_, p, s in rows],
        )
