"""What a question asks, and so where in an item its answer lives.

| intent | asks | answer from |
|---|---|---|
| ``department`` | 区民政局负责哪些事项 | the department's items, one line each |
| ``who`` | 哪个部门负责…, …由谁负责 | the item's 责任单位 |
| ``comparison`` | …和…分别是多少 | one figure per part, each with its item |
| ``figures`` | 发了哪些补贴,各多少钱; 做了哪些工作,多少人参加 | every figure of the item's progress (in the unit asked with 各/分别) |
| ``target`` | 今年…目标是多少, 要新建几个…, 计划… | a quantity in the *task* text (the plan) |
| ``done`` | …完成了多少, 建成了几个, 已… | a quantity in the progress that was achieved, not planned |
| ``figure`` | …多少 (neither plan nor done named) | a quantity in the progress |
| ``progress`` | …建得怎么样了, …进展如何 | a short summary of the item's progress |
| ``status`` | 是否…, 完成了吗 | the clause that says how far it got |
| ``list`` | 哪些事项涉及… | the matching items, one line each |
| ``status_list`` | 哪些事项进展滞后, 区建设局有哪些事项数据未出 | the items of that status (:mod:`~wrsearch.answer.status`), one line each with its reason |
| ``topic`` | anything else | the best clause |

Rules, not a model: the words are few and fixed in this genre, and a rule says why.
"""

from __future__ import annotations

import re
from enum import Enum

from wrsearch.answer.status import asked_status
from wrsearch.answer.vocabulary import REASON_ASKED, STATUS_ASKED
from wrsearch.search.query import LIST_ASKED_RE, QueryKind, QueryPlan

WHO_RE = re.compile(
    r"哪个部门|哪个单位|哪些部门|哪些单位|哪几个部门|哪几个单位|哪家单位|什么部门|什么单位|谁负责|由谁|谁在负责|谁来"
    r"|谁牵头|是谁|归谁|归哪(?:个|家|一个)?(?:局|委|办|部门|单位)|"  # 归哪个局: whole (归哪 alone left 个局)
    # 口袋公园谁在建, 停车场谁来修, 充电桩是谁装的: 谁 with any act asks who does it (给谁/为谁: for whom)
    r"(?<![给为向对帮替])谁(?:在|来|去|要|会|能)?[\u4e00-\u9fff]?|归哪|哪个局|责任单位|牵头单位|负责部门|负责单位|哪几?家(?:单位|部门)?[在来]?(?:负责|牵头|[管抓搞做干办])"
    r"|配合单位|配合部门|协办单位|主办单位|责任部门|找谁|找哪个|问谁|问哪个"
    r"|哪几家(?:单位|部门)"  # 是哪几家单位协助推进的: which units, whatever they do
    # 归口哪里, 归属哪个口子, 是哪家的活, 哪家单位的事: whose work it is, said as staff say it
    r"|(?:归口|归属|隶属|对口)(?:到|于|在)?哪|哪个口子?(?:管|负责|的)|哪几?家(?:单位|部门)?的(?:活|事|工作|任务)"
    # 是应急局一家负责吗, 是不是城管局单独在管: whether one unit holds it asks who does
    r"|(?:一家|单独|独自|独家|一个部门|一个单位)(?:在|来)?(?:负责|牵头|主抓|管)(?:的)?(?:吗|么|不|嘛)?[?？]?$"  # (中标单位是哪家 asks a company, not who is in charge)
)
# What a who-question says around its subject besides the asking words: 落在…头上, 这项工作, 的活.
WHO_FILLER = (
    r"落在|落到|压在|交给|分给|归口|归属|隶属|对口|头上|身上|手里|肩上|这项工作|这件事|这个事|这块|这项|那项"
    r"|的活儿?|的事儿?|的工作|[这那]事儿?"  # 停车位增加这事哪些单位管
)
# 各整治了多少, 各罚了多少钱: 各 with a verb before the question word asks one figure per part.
COMPARISON_RE = re.compile(
    r"分别|各是多少|各多少|各有多少|各几|各[\u4e00-\u9fff]{1,6}?(?:多少|几)|(?:多少|几).{1,12}(?:多少|几)"
)
# Where the parts end and the asking begins: 分别…, 各是…, 各整治了多少.
# (各 of 各类纠纷 names a kind of part; with 分别 later, 分别 ends the parts.)
PARTS_END_RE = re.compile(r"分别|各是|各多少|各有|各(?![类项种个])(?![^分]*分别)(?=[\u4e00-\u9fff]{0,6}?(?:多少|几))")
# 今年 with no result named (完成了, 一季度…) asks for the year's plan: the reports are in-year.
TARGET_RE = re.compile(
    r"目标|计划|任务是|任务量|任务数|年度任务|全年任务|预计|力争|拟|涉及|要[^求]|要求[\u4e00-\u9fff]{0,4}(?:多少|几)"
    r"|打算|定的|定了|规划|今年|(?<!\d年)年度|(?<!\d年)全年|任务"  # 2022年全年 is a period, not the plan
    r"|准备(?![工阶])"  # 准备建多大面积: what is to be built (准备工作 is work done)
)
# 养老床位年度任务?, 新建5G基站年度目标: a plan noun ends the question, no 多少 needed.
# 新增学位的目标数, 康复服务的目标人次, 改造目标户数: the plan noun with what it counts (数, 值, 人次,
# 户数) ends it too.
# GDP全年预期增速, 年度目标增幅: the plan noun with the measure it sets (增速, 规模) ends it too.
# 分布式光伏今年的装机指标: 指标 is the plan's figure too.
_PLAN_AT_END_RE = re.compile(
    r"(?:目标|任务|任务数|任务量|计划数?|预期|要求|指标)"
    # 年度计划新增数: the act the plan counts, then what it counts (增加/建成/完成 only with a count after
    # them: 任务完成多少 asks the result)
    r"(?:(?:新增|新建|新开|改造|建设|培育|引进)?"
    r"(?:数量?|值|量|额|人次|[个户人元家所处条套台项]数?|增速|增幅|增长率?|规模|总量|总额|比例|比重|面积|里程)?"
    r"|(?:增加|建成|完成)(?:数量?|量|规模|面积|个数|人数|户数))"
    r"(?:是|为)?(?:多少|什么|啥|几)?[\s?？。!！]*$"
)
# A plan cue and a done cue in different parts of one question (目标多少,现在到哪了; 年度目标和一季度
# 完成数; 计划几个,开工了几个) ask both figures: the plan (task text) and the result (progress).
_PLAN_CUE_RE = re.compile(
    r"目标|计划|任务|要求|预期|年度|全年|年底|年初|控制线|控制目标|上限|原定|原本|要(?=\d|[一二三四五六七八九十两几多])"
    r"|定(?:的|了|为|下)"  # 增速定的多少: the plan, said as what was set
    r"|盘子"  # 总盘子多少公里: the whole of the plan, said as what is on the plate
    r"|要[\u4e00-\u9fff]{1,3}(?:多少|几)"
)
# 达到没有, 完成了吗: whether the plan was met asks the result beside it.
_DONE_CUE_RE = re.compile(
    r"完成|实际|现在|现状|已经|已|到哪|目前|一季度|上半年|前三季度|1-\d+月|截至|累计|实现|了(?:多少|几)"
    r"|最后|最终|到头来|实绩|业绩|结果"  # 最后完成多少, 上半年实绩: the result, said otherwise
    r"|(?:达到|达标|实现|完成)了?(?:没有?|吗)"
    r"|(?<!要)(?:做|弄|搞|干)到(?=了|多少|几)"  # 要求多少 做到多少: what was reached
    r"|预计(?:值|数)"  # 目标和预计值: the result as estimated (预计为2.25%), beside the plan
    # 年度任务数和建成数, 目标和进度, 改完几个了, 建成几个了: the result named by its act's end (建成,
    # 改完, 修好), as the progress so far (进度), or counted so far (几个了)
    r"|建成|[改建修装铺种]完|[改建修装铺种]好|进度|(?:多少|几)[\u4e00-\u9fff]{0,2}了"
)
# How a change is said (one list for intent, answer and their cue tables): 增长, 下降, 压减…
CHANGE_VERBS = "提升|提高|增加|减少|下降|降低|上升|增长|压减|缩短"
# 增长了多少, 降几个百分点: a change asked of the noun before it.
CHANGE_ASK_RE = re.compile(rf"(?:{CHANGE_VERBS}|[增减降涨升])了?(?:多少|几)")
# 游客比去年同期增长多少, 实际降幅, 同比增速多少: a change asked is the result, unless the part
# also names the plan (全年预期增速, 下降目标: those stay plans).
_CHANGE_CUE_RE = re.compile(rf"同比|比去年|比上年|较去年|{CHANGE_ASK_RE.pattern}|增速|增幅|降幅|增长率")
# The measure words a figure is counted in (120个, 多少户, 1.2亿美元).
_UNIT = "[公万亿平千百个处条所家项座人户套场部件元米吨亩台辆名位间次批栋里美方]"
# How a question joins its parts: 和, 跟, vs, 对比, 比, 离, a comma or a space.
# (目标几处完成几处: a question word with its measure ends a part too.)
_PART_JOIN_RE = re.compile(
    # (比去年, 比上年同期: a baseline of the change asked, not a second part)
    r"[,，;；?？:：、\s]|和|与|跟|及|vs|VS|对比|对照|相比|比较|(?<![同环])比(?![例重]|去年|上年|同期)|离"
    r"|(?<=多少)(?=[\u4e00-\u9fff])(?![公万亿平千百个处条所家项座人户套场部件元钱米吨亩台辆名位间次批栋])"
    r"|(?<=几[个处条所家项座人户套场部件])(?=[\u4e00-\u9fff])"  # (绿道计划建多少公里: the unit stays)
    # 计划改多少个完成多少, 目标多少户已改多少, 计划120个开工了多少, 目标1.2亿美元完成了多少: a figure
    # (asked or stated) with its unit, then the result asked, are two parts.
    # (the unit whole: 15公里, 1.2亿美元)
    rf"|(?:(?<=多少{_UNIT})|(?<=多少{_UNIT}{_UNIT})|(?<=\d{_UNIT})|(?<=\d{_UNIT}{_UNIT})|(?<=\d{_UNIT}{_UNIT}{_UNIT}))"
    # (燃气管道改造50公里的任务完成了多少: the task named, then its result asked — one part)
    rf"(?!{_UNIT}|的)(?=[\u4e00-\u9fff]{{0,3}}(?:完成|实际|现在|目前|已|了(?:多少|几)))"
)
# 改造50公里的任务完成了多少: the plan named, then its result asked right after it.
# (…的任务完成得怎么样 asks how it went: a progress question, not two figures.)
_PLAN_THEN_DONE_RE = re.compile(r"^(.+(?:任务|目标|计划))(完成了?(?:多少|几).*)$")
# 占目标多少, 和目标比怎么样: the share of the plan, read with the result (not the plan figure itself).
_SHARE_OF_PLAN_RE = re.compile(
    r"占(?!比)[^,，]{0,6}(?:目标|计划|任务)|(?:和|与|跟|同)(?:年度|全年)?(?:目标|计划|任务)(?:相)?比(?!差)"
)
# 还差多少, 差多少 beside a plan cue: the gap is read off both figures.
_GAP_ASK_RE = re.compile(r"还差|差多少|差几|差距")
# 实际利用外资, 实际使用外资: a measure whose name starts with a done cue.
_MEASURE_NAME_RE = re.compile(r"实际(?=利用外资|使用外资|利用内资|到位内资)")
DONE_RE = re.compile(
    r"完成了|已经|已|建成了|建了|开工了|完工了|发放了|发了|罚了|办了|实际|目前|现在|截至|累计|一季度|上半年|前三季度"
    r"|到现在|为止|接进|接入了|签了|引进了|收了|花了|拿到|做了"
    r"|[改建修弄搞装做干铺种]好了?|[改建修弄搞装做干铺种]完了?"  # 改好了几处: a result, said with 好/完
    # 新增了多少, 报了几个: an act with 了 right before the question word is a result (定了 is the plan)
    r"|(?<!(?<![认核评鉴])定)了(?:多少|几)"  # 认定了多少家 is a result, 定了 the plan
    r"|(?:多少|几)[\u4e00-\u9fff]{0,3}了[?？]?$"  # 断头路打通几条了, 充电桩装了多少个了: so far, a result
    # 今年新建的5G基站有多少个: the things already built (…的), not the plan
    r"|(?:新建|新增|建成|完成|引进|签约|新开|改造|认定)的(?:(?!计划|目标|任务|要)[\u4e00-\u9fff\w]){1,12}?(?:有|是|共)?(?:多少|几)"
    # 全年完成投资多少, 固定资产投资完成多少: 完成 before the question word, not after a plan word
    r"|(?<!计划)(?<!目标)(?<!要)(?<!要求)(?<!任务)(?<!预计)(?<!力争)(?<!需)(?<!应)(?<!拟)完成[\u4e00-\u9fff]{0,4}?(?:多少|几)"
)
# 说一下, 讲讲, 介绍一下: asking to be told, said after what is asked.
TELL_ME = r"(?:请|麻烦)?(?:说|讲|介绍|谈|聊|汇报|通报)(?:说|讲|谈|聊)?(?:一下|下)?"
PROGRESS_RE = re.compile(
    # 走到哪个环节了, 推进到什么阶段了: the noun after 到哪个 / 到什么, ending the question, names the
    # stage asked, never the subject (listed first: 到哪 alone would leave it behind)
    r"到了?(?:哪个|哪一个?|什么|啥)[\u4e00-\u9fff]{1,2}(?=了?[呢啊吗]?[?？]?$)"
    r"|怎么样|怎样了|进展|到哪|哪一步|如何了|情况如何|搞得|弄得|做得|干得|推进得|建得|落实得|什么情况"
    r"|(?<![比较])如何[?？]?$"  # 课后服务覆盖面如何 (和去年比如何 compares)
    r"|什么程度|什么地步|什么阶段|哪个阶段|形势|咋样|进度如何|进度怎样"
    # 卡在哪个环节, 卡在哪了: where the work is stuck, the stage asked
    r"|卡在(?:哪一?个?|什么|啥)(?:环节|阶段|步骤|节点|关口|地方|一步|里)?|(?:哪一?个|什么|啥)(?:环节|步骤|节点|关口)"
    r"|推进情况|进展情况|完成情况|落实情况|实施情况|建设情况|有什么进展|有哪些进展|有啥进展"
    r"|[做干搞办]了(?:些|哪些)?(?:什么|啥)|[做干搞办]了哪些[?？]?$"  # 准备工作做了哪些: what was done
    r"|(?:正?在|还在)(?:干|做|忙|搞)(?:嘛|啥|什么)"  # 剩下那2所幼儿园在干嘛: what the work is at now
    r"|(?:筹备|筹办|准备)(?:情况|进展|进度)"  # 半马筹备情况: how an event's run-up goes
    r"|(?:建设|推进|创建|实施|工作)?(?:进度|情况)(?:怎样|怎么样|咋样)?[?？]?$"  # 新建学校的建设进度, 社区医院创建情况怎样
    # 河长制落实的情况说一下, 进度介绍一下: asked to be told, the request after it says nothing more
    rf"|(?:进度|情况|进展)(?:{TELL_ME})[?？。]?$"
    # 平安建设成效, 取得了哪些成果: what the work achieved, told by its progress
    r"|(?:取得了?|有)?(?:什么|哪些|啥)?(?:成效|成果|效果)(?:如何|怎样|怎么样|咋样)?[?？]?$"
)
# What a task states about its object, not a plan or a result: 全长, 总投资, 占地.
ATTRIBUTE_RE = _ATTRIBUTE_RE = re.compile(r"全长|总长|总投资|占地|建筑面积|总面积|总规模|设计规模")
# 哪些事项…, 哪些工作…: items asked for, even beside a progress word.
_ITEMS_ASKED_RE = re.compile(r"(?:哪些|哪几[项个]|什么)(?:事项|工作|任务|项目|事)")
# 做了哪些工作, 有什么动作: the work done on a subject (its progress), not the items about it.
_WORK_DONE_RE = re.compile(
    r"[做干搞办]了(?:哪些|什么|些什么|啥)(?:工作|事情?)?[?？]?$|有(?:什么|哪些|啥)(?:动作|动静|举动)"
    # 消费季都办了哪些活动: the events held, which the progress names
    r"|(?:[搞办]|举办)了(?:哪些|什么|些什么|啥)活动[?？]?$"
)
# 目标是什么, 计划是啥: the plan asked without 多少.
_PLAN_ASKED_RE = re.compile(r"(?:目标|计划|任务)(?:是|为|定的|定了)?(?:什么|啥|多少)")
# 达标了没有, 有着落了吗: whether it happened, said as staff say it.
_STATUS_RE = re.compile(rf"{STATUS_ASKED}|有着落|有眉目|有下文")
# A figure asked, not 那几栋/这几个 pointing at things already named.
# (哪几条/哪几项 ask items; 哪几个地方 asks names, which only a figure-like answer gives)
# (托位今年要新增的数量: 数量, 数目 at the end ask the figure as 多少 does)
_ASKS_FIGURE_RE = re.compile(
    r"多少|数量[?？]?$|数目[?？]?$|(?<![那这哪])几|(?<=哪)几(?![项件类条])|比例|百分|占比|增长率|增幅|率是|多[长大宽高远久重深]"
)
_WHICH_RE = re.compile(r"哪些|哪几|哪项|哪个事项|有什么事项")
# Which things, beside a figure asked: 发了哪些补贴,各多少钱.
_WHICH_THINGS_RE = re.compile(r"哪些|哪几[项类种样]|有什么|有哪")
# 按行业分别多少, 按类别各几个: one figure per kind the report breaks the whole into.
_BY_KIND_RE = re.compile(r"按[\u4e00-\u9fff]{1,6}?(?:分别|各)")
# Which figures, with no 多少: 有哪些数字, 什么数据, 哪些指标.
_WHICH_FIGURES_RE = re.compile(r"(?:哪些|哪几个|什么)(?:数字|数据|指标|数值)")


# PM2.5浓度和优良天数比例实际是多少: two measures (each ending in a measure word) joined before one
# question word ask one figure each.
_TWO_MEASURES_RE = re.compile(
    r"(?:浓度|比例|占比|[\u4e00-\u9fff]率|数量|人数|户数|金额|面积|长度|总额|数)(?:和|与|及|、)"
    r"[\u4e00-\u9fff.\w]{2,12}?(?:浓度|比例|占比|率|数量|人数|户数|金额|面积|长度|总额|数)(?:实际|目前|现在|分别)?(?:是|为|有|达到)?(?:多少|几)"
)


# 卡在哪个环节, 到了什么阶段: the stage asked, which the progress says; a count beside it
# (剩下几条…卡在哪个环节) only names which part of the work.
_STAGE_ASKED_RE = re.compile(r"卡在(?:哪|什么|啥)|(?:哪个|哪一个?|什么|啥)(?:环节|阶段|步骤|节点|关口)")


# 综合开发全年完成投资, 实际完成额: the result's measure ends the question, no 多少 needed.
_DONE_AT_END_RE = re.compile(
    r"(?:完成|实际|实际完成|累计完成|已完成|实现)(?:投资额?|金额|额|数量?|量|产值|营收|收入|面积|里程|个数|户数|人数)"
    r"(?:是|为|有)?[\s?？。!！]*$"
    # 社零上半年增速: a change's measure ending it asks the change reached (a plan is asked with 目标)
    r"|(?:增速|增幅|降幅|增长率|同比增长|同比下降)(?:是|为|有)?[\s?？。!！]*$"
)


# 为什么没打通, 什么原因: the cause asked (answered by the clause giving one; see figures.extract).
_REASON_ASKED_RE = re.compile(REASON_ASKED)


class Intent(str, Enum):
    DEPARTMENT = "department"
    WHO = "who"
    COMPARISON = "comparison"
    FIGURES = "figures"
    TARGET = "target"
    DONE = "done"
    FIGURE = "figure"
    PROGRESS = "progress"
    STATUS = "status"
    LIST = "list"
    STATUS_LIST = "status_list"
    TOPIC = "topic"


# 植树造林这类绿化任务, 城中村和老旧小区改造的事项: the items of a kind asked, not a plan.
_KIND_ITEMS_RE = re.compile(
    # (停车、公厕、垃圾分类这些城市管理的事: 事, 事情 name items as 事项 does; the theme between
    # may be long: 这类城市环境提升的事)
    r"(?:这类|那类|之类|一类|这些|那些|等)[\u4e00-\u9fff]{0,10}(?:任务|工作|事项|项目|措施|事情?|事儿|活儿?)[?？]?$|的事项[?？]?$"
    # 培育企业方面:高企、专精特新、规上企业这些: three pieces named, then only a pointer at them
    r"|[\u4e00-\u9fff]{2,}、[\u4e00-\u9fff]{2,}、[\u4e00-\u9fff]{2,}?(?:这些|这几[项个类块件]|等)[?？]?$"
    # 城市管理里垃圾分类、市容整治的工作: several subjects named, then the items about them
    # (安全生产和治安方面要做的事: what is to be done, 事 as 事项)
    r"|[\u4e00-\u9fff]{2,}[、和及与][\u4e00-\u9fff]{2,}(?:方面|相关|有关)?(?:要做|要干|要抓|要办)?的"
    r"(?:工作|任务|措施|举措|项目|事情?)[?？]?$"
    # 空气质量和扬尘治理方面, 河道水质和河流治理方面做了哪些: several subjects and 方面 (领域) ask the
    # items about each, even with a work-done ending (one subject's 做了哪些 asks its progress)
    r"|[\u4e00-\u9fff]{2,}[、和及与][\u4e00-\u9fff]{2,}(?:方面|领域|这块|这一块)"
    r"(?:(?:都|分别|各)?(?:做了|干了|搞了|有|开展了)(?:哪些|什么|些什么|啥)(?:工作|事情?|措施|举措)?)?[?？]?$"
)


# Several subjects named before 方面 / 领域 (空气质量和扬尘治理方面).
_SEVERAL_SUBJECTS_RE = re.compile(r"[\u4e00-\u9fff]{2,}[、和及与][\u4e00-\u9fff]{2,}(?:方面|领域|这块|这一块)")


def classify(plan: QueryPlan, met_plan: bool = True) -> Intent:
    """The intent of a question taken apart by :func:`~wrsearch.search.query.analyze`; without
    ``met_plan`` (default on), whether the plan was met (达标没有) is not read as a comparison."""
    text = plan.text
    if _WHICH_RE.search(text) and asked_status(text) is not None and not _ASKS_FIGURE_RE.search(text):
        # 哪些事项进展滞后: a status, not a topic, picks the items (有哪些进展,完成了多少 asks figures)
        return Intent.STATUS_LIST
    if plan.department_only and plan.departments:
        return Intent.DEPARTMENT
    if WHO_RE.search(text):
        return Intent.WHO
    if _REASON_ASKED_RE.search(text) and "多少" not in text:
        # 哪几条断头路还没打通,为什么: the cause asked (the clause giving it names them too), not a
        # count nor a list of items.
        return Intent.TOPIC
    if _STAGE_ASKED_RE.search(text) and "多少" not in text:
        return Intent.PROGRESS
    # 这几场保卫战对应哪些事项: 这几 points at things named, it asks no number.
    figure = plan.kind is QueryKind.FIGURE and bool(_ASKS_FIGURE_RE.search(text))
    if figure and PROGRESS_RE.search(text) and not _ASKS_FIGURE_RE.search(text):
        return Intent.PROGRESS  # 那几栋楼建得怎么样了: 那几 points at things, it asks no number
    if _WHICH_FIGURES_RE.search(text) or (figure and (_WHICH_THINGS_RE.search(text) or _BY_KIND_RE.search(text))):
        return Intent.FIGURES  # 哪些…多少: the things and their figures, all of them
    if plan_done_parts(text, met_plan) is not None:
        return Intent.COMPARISON
    if figure and (COMPARISON_RE.search(text) or _TWO_MEASURES_RE.search(text)):
        return Intent.COMPARISON
    if figure:
        done = DONE_RE.search(text)
        if done and TARGET_RE.search(text) and not DONE_RE.search(_MEASURE_NAME_RE.sub("", text)):
            done = None  # 实际利用外资全年目标多少: 实际 names the measure, the plan is asked
        # "完成全年目标的多少" names the plan but asks what was done.
        if TARGET_RE.search(text) and not done:
            return Intent.TARGET
        if _ATTRIBUTE_RE.search(text) and not done:
            return Intent.TARGET  # 全长多少, 总投资多少: a fact the task states
        return Intent.DONE if done else Intent.FIGURE
    if not figure and _KIND_ITEMS_RE.search(text) and _SEVERAL_SUBJECTS_RE.search(text):
        return Intent.LIST  # 河道水质和河流治理方面做了哪些: the items about each subject
    if plan.kind is QueryKind.LIST and _WORK_DONE_RE.search(text):
        return Intent.PROGRESS  # 国企改革这半年有什么动作, 退役军人这块做了哪些工作: what was done
    if plan.kind is QueryKind.LIST and PROGRESS_RE.search(text) and not _ITEMS_ASKED_RE.search(text):
        return Intent.PROGRESS  # 档案馆新馆有什么进展: how it went, not which items
    if (
        plan.kind is QueryKind.LIST
        or (plan.kind is QueryKind.FIGURE and _WHICH_RE.search(text))
        # 固投和社零总额这两块有啥任务: 总额 names the subject (a figure word in its name), no figure
        # is asked, and the items on it are
        or (plan.kind is QueryKind.FIGURE and not figure and LIST_ASKED_RE.search(text))
        or (not figure and _KIND_ITEMS_RE.search(text))
    ):
        return Intent.LIST
    if _PLAN_ASKED_RE.search(text) or _PLAN_AT_END_RE.search(text):
        return Intent.TARGET  # 年度目标是什么, 全年游客接待目标
    if _DONE_AT_END_RE.search(text):
        return Intent.DONE  # 老城片区综合开发全年完成投资: the result's measure ends it
    if PROGRESS_RE.search(text):
        return Intent.PROGRESS
    if _STATUS_RE.search(text):
        return Intent.STATUS
    return Intent.TOPIC


# 全年, 今年: the year, which in a whole-year report is the period reported, not only the plan's.
_YEAR_CUE_RE = re.compile(r"(?<!\d年)全年|今年|一年下来|这一年")


def year_only_plan_cue(text: str) -> bool:
    """Whether the only plan cue of a target question is the year itself (社零总额全年是多少,
    今年新增达标面积多少): in a whole-year report that asks the year's result, not its plan
    (目标, 计划, 要 name the plan whatever the report)."""
    without_year = _YEAR_CUE_RE.sub("", text)
    return (
        bool(_YEAR_CUE_RE.search(text))
        and not TARGET_RE.search(without_year)
        and not (_PLAN_ASKED_RE.search(without_year) or _PLAN_AT_END_RE.search(without_year))
    )


# 这些新能源设施, 等三项指标, 这几类民生工作 after the parts named: their theme, not another part
# (高等教育: 等 inside a word stays).
_THEME_AFTER_PARTS_RE = re.compile(
    r"(?<=[\u4e00-\u9fff])(?:(?:这些|那些|这类|那类|之类|这几[项个类种样]|等(?=[一二三四五六七八九十两几]))[\u4e00-\u9fff]*|等)$"
)


# 三大指标, 这两项工作: a count of the parts and their kind, naming none of them.
_COUNT_THEME_RE = re.compile(
    r"(?:这|那)?[一二三四五六七八九十两几][大项个类种]?(?:主要|重点|核心)?(?:指标|工作|任务|数据|方面|领域|行动|事项)"
)


def without_count_theme(text: str) -> str:
    """``text`` without a count of its parts (GDP、社零、固投三大指标 → GDP、社零、固投)."""
    return _COUNT_THEME_RE.sub("", text) or text


# 绿化方面, 民生领域, 招商这块: the theme the parts are of.
_THEME_PIECE_RE = re.compile(r"[\u4e00-\u9fff]{1,8}(?:方面|领域|这块|这一块|板块)")


def comparison_parts(text: str) -> list[str]:
    """The parts a comparison asks for: ``5G基站任务数和完成数分别是多少`` → ``[任务数, 完成数]``
    (the subject before the first part stays with it)."""
    head = PARTS_END_RE.split(text)[0]
    # 充电桩和光伏这些新能源设施: the theme after the examples names no part of its own
    head = _THEME_AFTER_PARTS_RE.sub("", head) or head
    head = without_count_theme(head)  # 固投三大指标全年增速 → 固投全年增速
    pieces = [p for p in re.split(r"和|与|及|以及|、|,|，|跟", head) if p.strip()]
    # 绿化方面,口袋公园、绿道…; 抓项目抓招商,重点项目…多少、签约…多少个: a lead-in before the parts
    # (a theme, or words asking nothing while the parts after it each ask) is no part.
    asking = [bool(re.search(r"多少|几", p)) for p in pieces]
    while len(pieces) > 2 and (
        _THEME_PIECE_RE.fullmatch(pieces[0].strip()) or (not asking[0] and sum(asking[1:]) >= 2)
    ):
        pieces, asking = pieces[1:], asking[1:]
    if len(pieces) < 2:  # "办了多少件、结案多少件": split on the question words instead
        pieces = [p for p in re.split(r"多少|几", text) if len(p.strip(" ?？,，、")) >= 2]
    return pieces


# 外贸方面的任务, 民生领域的工作: the items of a theme, whose 任务 names no plan figure.
_THEME_ITEMS_RE = re.compile(r"(?:方面|领域|这块|这一块|板块)的?(?:任务|工作|事项)")


# 降幅达标没有, 超没超计划, 任务完成了吗: whether the plan was met, asked of one subject.
_MET_PLAN_ASKED_RE = re.compile(
    r"(?:达标|达到目标|(?:目标|任务|计划)(?:完成|达到|实现)|(?:完成|达到|实现)(?:了)?(?:目标|任务|计划))"
    r"了?(?:没有?|吗|么|与否|不)"
    r"|超没超(?:过|出)?(?:目标|计划|任务)?|超(?:过|出)?(?:目标|计划|任务)了?(?:没有?|吗|么)"
    r"|(?:达|完成|实现)没(?:达|完成|实现)?(?:标|目标|任务|计划)"
    # 完成得比目标多还是少, 和计划比是高是低: the result set against the plan, either way
    r"|(?:比|较|跟|和|与)(?:年初|年度|全年)?的?(?:目标|计划|任务)(?:数|值)?(?:相?比)?"
    r"(?:是|要)?(?:多还是少|高还是低|快还是慢|多了还是少了|是多是少|是高是低|是超是欠)"
)


def met_plan_asked(text: str) -> bool:
    """Whether the question asks if the plan was met (降幅达标没有, 超没超计划, 任务完成了吗)."""
    return bool(_MET_PLAN_ASKED_RE.search(text))


def _plan_piece(piece: str) -> bool:
    """A part of a question naming the plan: a plan cue with no result cue before it (计划建成多少 is
    the plan of what is built; 完成年度目标 names a result)."""
    plan = _PLAN_CUE_RE.search(piece)
    done = _DONE_CUE_RE.search(piece)
    return plan is not None and (done is None or plan.start() < done.start())


def plan_done_parts(text: str, met_plan: bool = True) -> tuple[str, str] | None:
    """``(plan part, done part)`` of a question asking a plan and its result together, else None:
    ``停车泊位年度目标和一季度完成数`` → ``(停车泊位年度目标, 一季度完成数)``; ``千人托位数离年底目标
    还差多少`` (a gap asked beside a plan) → ``(年底目标, 还差多少)``. One part naming both (完成年度
    目标的多少, 占全年计划多少) is a share, not a comparison. With ``met_plan`` (default on), whether the
    plan was met asks both: ``降幅达标没有`` → ``(降幅, 达标没有)``."""
    if _SHARE_OF_PLAN_RE.search(text):
        return None  # 占目标多少, 和目标比怎么样: the result and its share of the plan
    if met_plan and (met := _MET_PLAN_ASKED_RE.search(text)):
        # 降幅达标没有, 建成数超没超计划: whether the plan was met asks the plan and the result
        rest = (text[: met.start()] + text[met.end() :]).strip(" ?？,，")
        return rest or text, met.group()
    pieces = [p for p in _PART_JOIN_RE.split(text) if p.strip()]
    # (消费和外贸方面的任务: 任务 after a theme names the items about it, not a plan figure)
    plans = [p for p in pieces if _plan_piece(_THEME_ITEMS_RE.sub("", p))]
    dones = [p for p in pieces if (_DONE_CUE_RE.search(p) or _CHANGE_CUE_RE.search(p)) and not _PLAN_CUE_RE.search(p)]
    if plans and dones:
        return plans[0], dones[-1]
    if plans and _GAP_ASK_RE.search(text):
        return plans[0], _GAP_ASK_RE.search(text).group()
    if len(pieces) == 1 and (then := _PLAN_THEN_DONE_RE.match(text.strip(" ?？"))):
        return then.group(1), then.group(2)
    return None
