"""Why the item an answer comes from does not answer the question: the question names a
specific thing of some kind (a year, a district or town, a metro line, an indicator) that the
item does not hold, while the item holds another thing of that kind; or it asks the names of a
counted set (那3条断头路是哪几条) that the item never lists; or it asks what the answer does not
give although its item is about the subject (round 8): a date (什么时候…), a figure per unit
(每亩…), the change of another noun, where the thing is (建在哪些小区), a named part (北塘片区)
of a figure given for several; or it measures what the answer's clause measures otherwise
(round 11): the whole stock (总数) for the new ones, a noun's count for its rate or for another
kind of the same head (常住人口 / 受益人口), 明年 for this year, a silent department for another's
part, an institution no report names.

Answering the neighbour (2022年 from a 2023 report, 5号线 from the 3号线 item, PM10 from the
PM2.5 clause) misleads; the answerer declines instead (报告中没有找到答案). Rules of the genre,
not of one report: the kinds are few and fixed, and the indicator pairs live in
``data/contrasts.txt``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from wrsearch.answer.vocabulary import SCHOOL_TIME, WHEN_ASKED
from wrsearch.models import Item
from wrsearch.text import fold

# 2022年 (not 比2022年 / 较2022年, a baseline the text may compare with; nor 到2025年, a deadline).
_YEAR_RE = re.compile(r"(?<![比较与和到至])(?<!同比)(?<!\d)((?:19|20)\d{2})\s*年")
_LINE_RE = re.compile(r"(\d+)\s*号线")
_LINE_RUN_RE = re.compile(r"(\d+)(?=(?:\s*[、,，和与及]\s*\d+)*\s*号线)")
# 老旧小区, 开发区, 全区, 社区, 扩区: words ending like a place that are not a named one (one table
# for every module that tells a place's name from a kind of area).
NOT_PLACE_RE = _NOT_PLACE_RE = re.compile(
    r"(?:小|园|景|片|城|街|校|辖|新|库|矿|湖|厂|营|市|县|全|本|我|该|范|发|聚|护|能|验|业|镇|乡|农|老"
    r"|扩|灾|务|心|态|税|开)区$"  # (not 山 湾 林: 黄山区, 龙湾区, 杏林区 are named; nor 社: 龙湾社区 is)
    r"|(?:城|乡|集|村)镇$|(?:城|下|返|回)乡$|(?:郡|州)县$|(?:各|一|全)街道$"
)
# …是哪些小区, 分别是哪几条, 都是哪几个: the names of things, of a set the question counts (18个…).
_NAMES_ASKED_RE = re.compile(r"(?:是|有|包括)(?:哪些|哪几[个条所家座处项])|分别是哪|是哪几")
# …叫什么名字, 名称是什么: the names asked outright.
_CALLED_ASKED_RE = re.compile(r"叫什么|叫啥|(?:的)?名字|名称")
# 实际认定了多少家 is not answered by 组织136家企业申报…认定: a later stage asked, only an earlier one said.
# (认定下来多少家, 认定通过的有几家: the stage reached, said otherwise)
_LATER_STAGE_RE = re.compile(r"(认定|获批|批准|验收|评定|命名)(?:了|下来了?|通过了?|成功了?)?(?:的有|的)?(?:多少|几)")
# 智慧停车场怎么收费, 票价多少: a price asked, which only a sum of money or a word of charging answers.
# (征收多少户 asks no price: only 收费, a price's own words, or 收多少钱)
# (人才公寓租金怎么收: a rent asked is a price too)
_FEE_ASKED_RE = re.compile(r"收费|价格|票价|价钱|收多少钱|怎么收钱|多少钱一|租金|房租")
_FEE_SAID_RE = re.compile(r"\d\s*[万亿]?元|收费|免费|价格|票价|价钱")
# 新院区总投资是多少, 全长多少公里: a fact of the project as a whole, which a figure of the year
# (全年完成投资6亿元) does not give; the answer's sentence must say it.
_ATTRIBUTE_SAID = {
    "总投资": r"总投资|投资总额|总额|概算",
    "全长": r"全长|总长|长约?\s*\d|长度",
    "总长": r"全长|总长|长约?\s*\d|长度",
    "占地": r"占地|用地",
    "建筑面积": r"建筑面积",
    "总面积": r"面积",
    "总规模": r"规模",
    "设计规模": r"规模",
}
_ATTRIBUTE_ASKED_RE = re.compile("|".join(_ATTRIBUTE_SAID))
_EARLIER_STAGE_RE = re.compile(r"申报|申请|报送|推荐|报名")
# 签约的亿元以上项目开工了几个 ← 新签约亿元以上产业项目23个: a project's later stage asked (开工, 投产,
# 竣工), only its signing (签约, 引进) said.
_PROJECT_LATER_RE = re.compile(r"(开工|投产|竣工|达产|开业)(?:了|的有|的)?(?:多少|几)")
_PROJECT_EARLIER_RE = re.compile(r"签约|签订|引进|招引|洽谈|落户")
# 失业率, 签约率: a rate named, which only a percentage (or the rate's own name) answers.
RATE_NAMED_RE = re.compile(r"[\u4e00-\u9fff]{2}率")
_RATIO_NAMED_RE = re.compile(r"[\u4e00-\u9fff]{2}(?:强度|比重|占比)")
_PERCENT_RE = re.compile(r"\d\s*%|百分点|\d\s*‰")
_SHARE_RE = re.compile(r"(?:完成|占|达到?)[^,，。;；]{0,12}?(?:目标|任务|计划|预算|总[量数])的\s*[\d.]+\s*%")
_COUNTED_RE = re.compile(r"(\d+)\s*([个条所家座处项])")


_PLACE_SUFFIXES = ("社区", "街道", "片区", "区", "县", "镇", "乡")
_NOT_NAME_FLAGS = ("p", "u", "d", "c", "m", "r", "v", "q")
# 东岗村, 滨河北路: a village or road by its own name (not 城中村, 农村, 道路, 公路).
_NAMED_VILLAGE_RE = re.compile(r"^[\u4e00-\u9fff]{2,3}村$")
_NOT_VILLAGE_RE = re.compile(r"(?:城中|农|乡|山|渔|示范|行政|自然|新|全|各|本|该|美丽乡)村$")
_ROAD_RE = re.compile(r"^(?:[东西南北中一二三四五六七八九十]?路|大道|大街)$")
_ROAD_SUFFIXES = ("路", "大道", "大街")


# 二中, 第三小学, 第二人民医院: a school or hospital named by its number (not 一中心, 三小时, 二小区,
# 一老一小).
_NUMBERED_INSTITUTION_RE = re.compile(
    r"(?<!老)第?[一二三四五六七八九十]{1,3}(?:中学|小学|幼儿园|人民医院|医院|中(?![心队期标央层型])|小(?![时区组型微]))"
)


def places(question: str) -> list[tuple[str, str]]:
    """The named places of a question, ``(place, name)``: a word jieba cuts whole (青山区) or a
    name followed by its kind (龙湾 + 社区, 湖口 + 镇, 北塘 + 片区, 杏花 + 区老旧…), a village (东岗村)
    or a road by its name (滨河 + 北路, 中山北路); not 开发区, 老城区, 给 + 街道, 城中村 nor 农村 + 路."""
    import jieba.posseg

    tokens = [(t.word, t.flag) for t in jieba.posseg.cut(question)]
    found = []
    for index, (word, flag) in enumerate(tokens):
        following = tokens[index + 1][0] if index + 1 < len(tokens) else ""
        if len(word) >= 3 and word.endswith(_PLACE_SUFFIXES) and not _NOT_PLACE_RE.search(word):
            suffix = next(s for s in _PLACE_SUFFIXES if word.endswith(s))
            found.append((word, word[: -len(suffix)]))
        elif (
            len(word) == 2
            and following in _PLACE_SUFFIXES
            and not flag.startswith(_NOT_NAME_FLAGS)
            # 北塘 + 片区: a proper name before 片区 (not 重点片区)
            and (flag in ("ns", "nr", "nz") if following == "片区" else not _NOT_PLACE_RE.search(word + following))
        ):
            found.append((word + following, word))
        elif (
            # 杏花 + 区老旧(小区): the tokenizer glued the kind to the next word; 区域, 区级 are words
            len(word) == 2
            and flag.startswith("n")
            and len(following) >= 2
            and following[0] in "区县镇"
            and not _known_word(following)
            and not _NOT_PLACE_RE.search(word + following[0])
        ):
            found.append((word + following[0], word))
        elif (
            # 槐 + 安区: the tokenizer cut a name's first character off (a person's surname, 槐)
            len(word) == 1
            and flag in ("nr", "ns", "nz")
            and len(following) == 2
            and following[-1] in "区县镇"
            and not _NOT_PLACE_RE.search(word + following)
        ):
            found.append((word + following, word + following[0]))
        elif _NAMED_VILLAGE_RE.match(word) and not _NOT_VILLAGE_RE.search(word) and flag.startswith("n"):
            found.append((word, word[:-1]))
        elif len(word) >= 3 and flag in ("ns", "nz") and word.endswith(_ROAD_SUFFIXES):
            found.append((word, word))  # 中山北路, 解放路
        elif len(word) == 2 and flag in ("ns", "nr", "nz") and _ROAD_RE.match(following):
            found.append((word + following, word + following))  # 滨河 + 北路 (not 农村 + 路: a kind of road)
    return [(fold(place).lower(), fold(name).lower()) for place, name in found]


def _abbreviation_held(place: str, corpus: str) -> bool:
    """综保区 for 综合保税区: a place-like word the synonym list reads as a form the reports hold
    is that form (an abbreviation staff use), not an unknown place."""
    from wrsearch.search.query import expand  # (query imports this module)

    return any(form != place and fold(form).lower() in corpus for form in expand(place))


def _known_word(word: str) -> bool:
    """Whether the tokenizer's dictionary holds ``word`` (区域), not a run it glued by guess (区老旧)."""
    import jieba

    jieba.dt.check_initialized()
    return bool(jieba.dt.FREQ.get(word))


@lru_cache(maxsize=1)
def contrast_groups() -> tuple[tuple[str, ...], ...]:
    """The groups of ``data/contrasts.txt``: words of one kind standing for different things."""
    text = resources.files("wrsearch").joinpath("data/contrasts.txt").read_text("utf-8")
    return tuple(
        tuple(fold(w).lower() for w in line.split())
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


def _held(word: str, text: str) -> bool:
    """Whether ``text`` (folded) says ``word`` itself or a longer or shorter form of it from
    ``data/synonyms.txt`` (电信诈骗 → 电信网络诈骗, 医疗保险 → 医保), not a related word (火灾 → 消防)."""
    from wrsearch.search.query import synonyms

    if word in text:
        return True
    return any(
        form in text
        for left, right in synonyms()
        if word in (fold(w).lower() for w in left)
        for form in (fold(f).lower() for f in right)
        # (诈骗, a piece of 电信诈骗, is every kind of fraud: a piece of the word is no form of it)
        if form not in word and _same_name(word, form)
    )


def _same_name(one: str, other: str) -> bool:
    """Whether one name is the other written shorter: its characters in order, from the first
    (电信诈骗 of 电信网络诈骗, 医保 of 医疗保险; not 消防 of 火灾)."""
    short, long = sorted((one, other), key=len)
    if not short or short[0] != long[0]:
        return False
    rest = iter(long)
    return all(character in rest for character in short)


_SENTENCE_END_RE = re.compile(r"[。;；\n]")


def _in_sentences(answer: str, items: list[Item]) -> str:
    """``answer`` (folded) with the whole sentence of each of its clauses in ``items``' progress:
    a clause cut from a sentence still belongs to what the sentence is about."""
    found = [answer]
    for clause in re.split(r"[;；]", answer):
        clause = clause.strip(" 。")
        if len(clause) < 4:
            continue
        for item in items:
            progress = fold(item.progress).lower()
            at = progress.find(clause)
            if at < 0:
                continue
            starts = [m.end() for m in _SENTENCE_END_RE.finditer(progress, 0, at)]
            end = _SENTENCE_END_RE.search(progress, at + len(clause))
            found.append(progress[starts[-1] if starts else 0 : end.start() if end else len(progress)])
            break
    return " ".join(found)


def item_text(item: Item) -> str:
    """What an item says, folded: its task, departments and progress."""
    return fold(f"{item.task} {' '.join(item.departments)} {item.progress}").lower()


# 每亩补助多少, 每人发多少: a figure per unit, which only a figure said per that unit answers.
_PER_UNIT_RE = re.compile(
    r"每(?:[一二三四五六七八九十百千万]|\d)*([亩人户个家所平方米公里吨天月年台辆名位套间场次件座盏处条栋]{1,2})"
)
# 补偿标准是多少, 补贴标准多少钱: a rate per unit asked (what is paid per 户, per 平方米…).
# (低保标准提高到多少了: the standard raised to, asked the same way)
_STANDARD_ASKED_RE = re.compile(
    r"([\u4e00-\u9fff]{0,2}标准)(?:是|为|定为|定的|有|(?:提高|提升|上调|调整|调)到了?)?(?:多少|几|怎么定|如何)"
)
# 什么时候, 何时, 几月: a date asked, which an answer without a date or time word does not give.
_WHEN_ASKED_RE = re.compile(rf"{WHEN_ASKED}|哪年")
_DATE_OR_TIME_RE = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月|\d{1,2}\s*日|年底|年内|年初|年中|月底|月初|月中|季度|上半年|下半年|近期|春节|国庆"
    rf"|{SCHOOL_TIME}"
)
# 几月份完成, 哪一天开放: a month or a day asked, which 年内 does not give (年底 is a month, 二季度 its range).
_MONTH_ASKED_RE = re.compile(r"几月|哪个月|哪一?月份?|几号|哪一?天|几日")
_MONTH_OR_DAY_RE = re.compile(
    r"\d{1,2}\s*月|\d{1,2}\s*日|[一二三四五六七八九十]{1,2}月|月底|月初|月中|月末|年底|年末|年中|季度|春节|国庆|元旦"
)
# 4-6月, 二季度, 下半年: a span not counted from January, and the month it ends in. Reports give
# figures from January (1-N月): a report ending before the span ends cannot hold its figure unless it
# names the span itself. (三季度 is read as 1-9月.)
_SPAN_NOT_FROM_JANUARY_RE = re.compile(
    r"(?<![\d.])(?:[2-9]|1[0-2])\s*(?:[-—–~～]|至|到)\s*(\d{1,2})\s*月份?|(?<!前)第?([二三四])季度|下半年"
)
# 比去年增长了多少, 同比下降几: a change asked of the noun before it.
_CHANGE_ASKED_RE = re.compile(
    r"(?:比去年同期|比上年同期|比去年|比上年|同比|较去年)?(增长|增加|提高|提升|下降|减少|降低|上升|(?<![新净])[增涨降])了?(?:多少|几)"
)
# 同比分别下降25%, 比上年增长3%: a change clause with no noun of its own, whose noun is in the
# clause before it (within this many characters).
_CHANGE_LEAD_RE = re.compile(r"^\s*(?:同比|比上年|比去年|较上年|较去年|环比)")
_CHANGE_LEAD_REACH = 30
# 充电桩建在哪些小区, 分布在哪里: where the thing is, which only an item about the thing can say.
# (在哪些事项, 落在哪些单位 ask items and units: list and who questions.)
# (S3线卡在哪里, 难在哪里, 慢在哪儿: where the work is stuck, a stage or a cause, not a place.)
_WHERE_ASKED_RE = re.compile(
    r"(?<![卡难慢差堵])(?:建|设|分布|位于|落|安装|装|放|布)?在(?:哪些|哪几[个处条家所]?|哪里|哪儿|什么地方)"
    # (落在哪几个单位: the measure word before the noun does not hide it)
    r"(?![个处条家所]?(?:事项|工作|任务|项目|方面|单位|部门|领域|措施))"
)


# 在哪几个街道, 在哪些小区: the kind of place a where-question asks the names of.
_PLACE_KIND_RE = re.compile(r"^(?:个|处|条|家|所)?(街道|社区|小区|村|镇|乡|片区|路段|园区|学校|地块)")
# 选址在哪些地方, 在哪几个点位: places asked with no kind, which an answer names (东湖社区, 滨江路,
# 东湖、新港2个中心) beyond the subject's own words, not only counts (已确定选址15处).
_ANY_PLACE_RE = re.compile(r"^(?:个|处)?(?:地方|地点|位置|点位|地段|区域)")
_PLACE_NAMED_RE = re.compile(
    r"[\u4e00-\u9fff]{2}(?:街道|社区|小区|村|镇|乡|片区|路|街|大道|园区|广场|公园|地块|湖|河|江|山|站)"
    r"|[\u4e00-\u9fff]{2}、[\u4e00-\u9fff]{2}|位于|选址于"
)
# 校长是谁, 院长叫什么: a person asked, whom a list of departments does not name.
_PERSON_ASKED_RE = re.compile(
    r"(校长|院长|局长|书记|区长|站长|馆长|园长|所长|队长|董事长|总经理|经理|主任)(?:是谁|叫什么|姓什么|是哪位|是哪个人)"
)


def conflict(
    question: str, items: list[Item], corpus: str, figure: str | None = None, answer: str | None = None
) -> str | None:
    """The specific thing ``question`` names that none of the answer's ``items`` holds while
    they hold another of its kind (``2022年``, ``5号线``, ``PM10``), or a place no report of
    ``corpus`` (the folded text of every indexed item) names at all (``青山区``), or the names
    of a counted set the items never list (``18个…是哪些小区``); None when nothing conflicts.
    With ``figure`` (the answer to a figure question), a place the question names must be in it:
    湖口镇示范村投资了多少钱 is not answered by 5个示范村…完成投资6200万元; so must another year
    (2023年…计划 from a 2022 report: 预计2023年一季度完工 beside it is no plan of 2023), a per-unit
    measure (每亩), and the noun whose change is asked (旅游收入增长了多少 ← 接待游客…同比增长12.6%).
    With ``answer`` (any answer), a when-question needs a date or a time word in it."""
    if not items:
        return None
    asked = fold(question).lower()
    texts = [item_text(item) for item in items]
    joined = " ".join(texts)
    for match in _YEAR_RE.finditer(asked):
        year = int(match.group(1))
        if all(item.year != year for item in items) and (
            match.group(1) not in joined or (figure is not None and match.group(1) not in fold(figure))
        ):
            return f"{year}年"
    lines = set(_LINE_RUN_RE.findall(joined))  # 11、12号线 holds 11号线 and 12号线
    for match in _LINE_RE.finditer(asked):
        if lines and match.group(1) not in lines:
            return match.group()
    for numbered in _NUMBERED_INSTITUTION_RE.finditer(asked):
        # 樟坪二中扩建后新增多少学位 ← 樟坪实验学校…新增学位3240个: a school or hospital named by its
        # number that the answer's items (for a figure: the figure's sentence) do not name is another
        # one of its kind.
        if numbered.group() not in (joined if figure is None else _sentence_of(figure, items)):
            return numbered.group()
    for place, name in places(question):
        if name not in corpus and not _abbreviation_held(place, corpus):
            return place
        # 湖口镇示范村投资了多少钱: the figure must be the place's own, unless the item is about it.
        # Not for a 区 the reports name: that is the report's own district (江滨区一季度固定资产投资
        # 完成多少 asks the whole district's figure, which rarely says its name).
        if place.endswith("区") and not place.endswith(("社区", "片区")):
            continue
        if (
            figure is not None
            and name not in fold(figure).lower()
            and all(name not in fold(f"{i.task} {' '.join(i.departments)}") for i in items)
        ):
            return place
    if answer is not None:
        # 东岭片区安置房开工了吗 ← 金桥片区安置房项目已开工建设: the answer is about another place
        # of the same kind, whatever the item's task names. The answer is read in its sentence:
        # 柳湾片区签约率多少 ← 签约率67%, of the sentence 东关片区已完成入户调查…,签约率67%.
        folded_answer = _in_sentences(fold(answer).lower(), items)
        for place, name in places(question):
            kind = place[len(name) :]
            if kind in ("区", "县", "") or name in folded_answer:
                continue
            if re.search(rf"[\u4e00-\u9fff]{{2}}{re.escape(kind)}", folded_answer.replace(place, "")):
                return place
    for group in contrast_groups():
        for word in group:
            others = [w for w in group if w != word and w not in asked]
            # (电信诈骗 is held by 电信网络诈骗: a word counts as held in any of its report forms)
            if word in asked and not _held(word, joined) and any(_held(w, joined) for w in others):
                return word
    later = _LATER_STAGE_RE.search(asked)
    if later and figure is not None and _EARLIER_STAGE_RE.search(figure):
        stage = later.group(1)
        if not re.search(rf"(?:已|通过|获得?|完成|新){stage}|{stage}(?:为|通过|\d)", fold(figure)):
            return stage
    project = _PROJECT_LATER_RE.search(asked)
    if project and figure is not None and _PROJECT_EARLIER_RE.search(fold(figure)):
        if project.group(1) not in _sentence_of(figure, items):
            return project.group(1)
    fee = _FEE_ASKED_RE.search(asked)
    if fee and answer is not None and not _FEE_SAID_RE.search(fold(answer)):
        return fee.group()
    attribute = _ATTRIBUTE_ASKED_RE.search(asked)
    if attribute and figure is not None:
        said = _ATTRIBUTE_SAID[attribute.group()]
        if not re.search(said, fold(figure)) and not re.search(said, _sentence_of(figure, items)):
            return attribute.group()
    # (研发投入强度, 第三产业比重: a ratio named, which only a percentage answers, as a rate)
    rate = RATE_NAMED_RE.search(asked) or _RATIO_NAMED_RE.search(asked)
    # (完成率 is answered by the share of the plan itself.)
    if rate and rate.group() != "完成率" and figure is not None and rate.group() not in fold(figure):
        # 失业率是多少 is not answered by 新增就业3086人,完成年度目标的25.7%: a share of the plan is no rate.
        if not _PERCENT_RE.search(_SHARE_RE.sub("", fold(figure))):
            return rate.group()
    if figure is not None:
        # 4-6月GDP增速多少 ← 1-3月…同比增长6.2%: the report ends before that span does; and
        # 第四季度GDP增速 ← 全年…同比增长5.6% (round 17b): a report counts from January, so a span
        # after it (二季度, 三季度, 下半年) is answered only by a text that names it.
        for span in _SPAN_NOT_FROM_JANUARY_RE.finditer(asked):
            if re.sub(r"\s|份|第", "", span.group()) not in re.sub(r"\s|份|第", "", joined):
                return span.group()
        found = _figure_conflict(question, asked, joined, fold(figure).lower())
        if found:
            return found
    found = _measure_conflict(question, asked, items, joined, corpus, figure, answer)
    if found:
        return found
    if answer is not None and _WHEN_ASKED_RE.search(asked) and not _DATE_OR_TIME_RE.search(fold(answer)):
        return "时间"  # 东岗村什么时候完成征收 ← 东岗村完成征收85%: how far, not when
    if answer is not None and _MONTH_ASKED_RE.search(asked) and not _MONTH_OR_DAY_RE.search(fold(answer)):
        return "月份"  # 滨江站预计几月份完成主体结构 ← 年内完成3座车站主体结构: the year, not the month
    where = _WHERE_ASKED_RE.search(asked)
    if where and answer is not None:
        # 充电桩建在哪些小区 ← the 小区 items, none about 充电桩: the report does not say where.
        subject = _nouns(asked[: where.start()])
        if subject and not any(noun in fold(answer).lower() for noun in subject):
            return asked[: where.start()].strip(" ?？,，") if where.start() <= 8 else subject[-1]
        # 养老服务综合体在哪几个街道 ← 建成社区养老服务综合体3个: the places of the kind asked must
        # be named (…街道), not only counted.
        kind = _PLACE_KIND_RE.match(asked[where.end() :])
        # (枫林、桂园2个片区: the names before their count name them too)
        named = rf"(?:[\u4e00-\u9fff]{{2}}|、[^,，;；。]{{0,12}}?\d+个){kind.group(1) if kind else ''}"
        if kind and not re.search(named, fold(answer).lower()):
            return f"具体{kind.group(1)}"
        # Read in the answer's clauses about the subject (新建口袋公园15个, not 改造社区篮球场 beside
        # it), the subject's own words taken out; the departments in brackets are no places.
        folded_answer = re.sub(r"[(（][^)）]*[)）]", " ", fold(answer).lower())
        about = [c for c in re.split(r"[,，;；。:：\n]", folded_answer) if any(noun in c for noun in subject)]
        folded_answer = " ".join(about)
        for noun in subject:
            folded_answer = folded_answer.replace(noun, " ")
        # (建在哪里, 在什么地方: a place of any kind asked, as 在哪些地方 is)
        any_place = _ANY_PLACE_RE.match(asked[where.end() :]) or re.search(r"哪里|哪儿|什么地方$", where.group())
        if any_place and not _PLACE_NAMED_RE.search(folded_answer):
            return "具体地点"
    person = _PERSON_ASKED_RE.search(asked)
    if person and answer is not None and person.group(1) not in fold(answer):
        return person.group(1)

    names = _NAMES_ASKED_RE.search(asked)
    if names:
        for count in _COUNTED_RE.finditer(asked[: names.start()]):
            # 3条断头路分别是哪几条, 18个…小区是哪些小区: the names of the set counted, not 哪些单位.
            after = re.sub(r"^(?:分别)?(?:是|有|包括)?哪(?:些|几)?", "", asked[names.start() :])
            if not (
                after.startswith(count.group(2)) or (after[:2] and after[:2] in asked[count.end() : names.start()])
            ):
                continue
            # 桃源、柳塘2个社区: the names stand before their count, joined by 、.
            listed = re.compile(rf"[\u4e00-\u9fff]{{2,}}、[^,,。;;]{{0,40}}?{count.group(1)}\s*{count.group(2)}")
            if not any(listed.search(text) for text in texts):
                return count.group()
    called = _CALLED_ASKED_RE.search(asked)
    if called:
        # 正在施工的那6所学校叫什么名字 ← 其余6所正在施工: the names of the set counted, which the
        # items never list beside its count.
        for count in _COUNTED_RE.finditer(asked[: called.start()]):
            listed = re.compile(rf"[\u4e00-\u9fff]{{2,}}、[^,,。;;]{{0,40}}?{count.group(1)}\s*{count.group(2)}")
            if not any(listed.search(text) for text in texts):
                return count.group()
    return None


_NOT_SUBJECT_RE = re.compile(
    r"^(?:同比|比去年|去年|上年|今年|全年|全区|目前|现在|已经|实际|一共|总共|同期|去年同期|分别|各自"
    r"|目标|计划|任务|年度|要求|预期|原计划|原本|指标"
    # GDP目标是多少,上半年实际增长多少: a time or a cue before the change, not the noun changing
    r"|上半年|下半年|前?[一二三四]?季度|半年|年初|年底|年末|最后|最终|具体)$"  # 前三季度 is cut 前 + 三季度
)


def _nouns(text: str) -> list[str]:
    """The words of ``text`` that name what it is about: two characters or more, not a time or
    filler word (jieba's tags are unreliable here: 收入, 充电桩 are tagged verbs)."""
    import jieba

    return [
        w
        for w in jieba.lcut(text)
        if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w) and not _NOT_SUBJECT_RE.match(w)
    ]


def _figure_conflict(question: str, asked: str, joined: str, figure: str) -> str | None:
    """What a figure question asks that the ``figure`` answering it does not give: a figure per
    unit (每亩) it is not said per, or the change of a noun (收入) the figure is not of while
    the items hold that noun elsewhere."""
    # 补偿标准是多少, 收费标准: a rate per unit, which a count or total (抽调干部32名) does not give.
    standard = _STANDARD_ASKED_RE.search(asked)
    if standard and not re.search(r"标准|每|/|人均|户均|亩均|元/", figure):
        return standard.group(1)
    per = _PER_UNIT_RE.search(asked)
    if per and not re.search(rf"每[^,，;；。]{{0,3}}{per.group(1)[0]}|/\s*{per.group(1)[0]}|人均|户均|亩均", figure):
        return per.group()
    change = _CHANGE_ASKED_RE.search(asked)
    # (one noun's change: 起数和死亡人数分别降了多少 asks several, each in its own part of the answer)
    # (相关数据未出 is an answer about the noun asked: it holds no figure of another)
    if change and re.search(r"\d", figure) and not re.search(r"分别|各|和|与|及|、", asked[: change.start()]):
        before = _nouns(asked[: change.start()])
        if before:
            noun = before[-1]
            # (同比分别下降25%和14.3%: a change said of the clause before it, which names the noun)
            leading = fold(figure).lower()
            at = joined.find(leading) if _CHANGE_LEAD_RE.match(leading) else -1
            said_before = at > 0 and noun in joined[max(0, at - _CHANGE_LEAD_REACH) : at]
            if noun not in figure and noun in joined and not said_before:
                return f"{noun}{change.group(1)}"
    return None


# Round 11 (issue 13): what a question measures that the answer's clause measures otherwise.
# 明年, 下一年度: a time after the report's year, which only a sentence naming it answers.
_NEXT_YEAR_RE = re.compile(r"明年|来年|下一年|下年度|次年")
# 总数, 一共有: the whole stock asked, which a figure of the new ones (新建5G基站186个) does not give.
_TOTAL_ASKED_RE = re.compile(r"总数|总量|一共|总共|共有|总计|现有|目前有|保有量")
_NEW_ASKED_RE = re.compile(
    r"新[建增开设招认培引上落签办]|建成|建了|引进|完成|开工|竣工|改造|今年|全年|上半年|季度|\d+\s*月"
)
_NEW_FIGURE_RE = re.compile(r"(?:新[建增开设招认培引上落签办]|建成|引进|开工)[^,，;；。\d]{0,12}\d")
_PLAN_FIGURE_RE = re.compile(r"任务数?|目标|计划")
_TOTAL_FIGURE_RE = re.compile(r"总数|总量|累计|共有|共计|全区共|现有|达到|达|保有|总计|总规模")
# 报名人数, 投资金额: a measure ending the question, with the units that say it.
_MEASURE_ENDS_RE = re.compile(
    r"(人数|人次|户数|件数|场次|金额|面积|里程|长度)(?:是|有|为|达到)?(?:多少|几)?[个人户件场元]?[?？。\s]*$"
)
_MEASURE_UNITS = {
    "人数": "人|名",
    "人次": "人次",
    "户数": "户",
    "件数": "件",
    "场次": "场",
    "金额": "元",
    "面积": "平方|平米|亩|㎡|公顷|万方",
    "里程": "公里|千米|米",
    "长度": "公里|千米|米",
}
# 10亿元以上项目, 50万元以下: a bound the question sets, which the answer must say itself.
_BOUND_ASKED_RE = re.compile(
    r"(\d+(?:\.\d+)?)\s*(?:万|亿)?(?:元|平方米|亩|人|户|个)?(?:及|或)?(?:以上|以下|以内|以外)|(?:超过|不低于|不少于)\s*(\d+(?:\.\d+)?)"
)
# 是哪几个企业, 是哪些公司: the names of things asked, which a bare count does not give.
_NAMES_OF_ASKED_RE = re.compile(
    r"(?:是|有|包括)?(?:哪些|哪几[个家所座处项条])(?:企业|公司|单位|项目|学校|医院|村|社区|小区|街道)?"
)
# 新建, 打算, 实际: an act, a plan or a cue before a noun, which says no kind of it.
_NOT_MODIFIER_RE = re.compile(
    r"^新|[建修改扩迁征拆办开完增减要拟将已多几少么哪的之来]|打算|计划|实际|目标|任务|预计|全部|所有|各"
)
# 中医院, 实验小学: a named institution, of the kinds reports name their projects by.
_INSTITUTION_RE = re.compile(r"(?:医院|中学|小学|学校|幼儿园|体育馆|图书馆|博物馆|文化馆|科技馆|公园|大桥|隧道|水库)$")


def _sentence_of(text: str, items: list[Item]) -> str:
    """``text`` (folded) with its whole sentence in ``items``' progress (see :func:`_in_sentences`)."""
    return _in_sentences(fold(text).lower(), items)


def _measure_conflict(
    question: str,
    asked: str,
    items: list[Item],
    joined: str,
    corpus: str,
    figure: str | None,
    answer: str | None,
) -> str | None:
    """What the question measures that the answer does not (round 11): a time after the report's
    year (明年), the whole stock (总数) answered by the new ones, a noun's count answered by its
    rate (常住人口 ← 常住人口签约率), a noun of another kind of the same head (常住人口 ← 受益人口),
    a measure ending the question (报名人数) in no unit of it, a bound (10亿元以上) the answer
    does not state, names answered by a count, a department whose own part of the item is not
    the answer, a named institution (中医院) no report names."""
    import jieba.posseg

    if answer is None:
        return None
    said = _sentence_of(answer, items)
    # 明年养老床位计划新增多少 ← this year's 新增养老床位500张: the report plans its own year.
    next_year = _NEXT_YEAR_RE.search(asked)
    if next_year and not _NEXT_YEAR_RE.search(said):
        years = {item.year for item in items if item.year}
        if not any(f"{year + 1}年" in said for year in years):
            return next_year.group()
    # 区中医院改扩建进展 ← the schools' 改扩建: a named institution in no report.
    tokens = [(fold(t.word).lower(), t.flag) for t in jieba.posseg.cut(question)]
    for index, (word, flag) in enumerate(tokens):
        name = word
        if _INSTITUTION_RE.fullmatch(word) and index:
            # 城西 + 中学, 实验 + 小学: the tokenizer cut the name from its kind
            before, before_flag = tokens[index - 1]
            if (
                len(before) == 2
                and before_flag.startswith(("n", "vn", "j"))
                and not _NOT_SUBJECT_RE.match(before)
                and not _NOT_MODIFIER_RE.search(before)  # (新建 + 学校 is an act on schools, no name)
            ):
                name = before + word
        if len(name) >= 3 and _INSTITUTION_RE.search(name) and flag.startswith("n") and not _held(name, corpus):
            return name
    measure = _MEASURE_ENDS_RE.search(asked)
    if measure and re.search(r"\d", answer):
        unit = _MEASURE_UNITS[measure.group(1)]
        amounts = re.findall(r"\d[\d.,]*\s*(?:万|亿|千)?\s*([^\d\s,，;；。、]{1,2})", fold(answer))
        if not any(re.match(unit, a) for a in amounts):
            return measure.group(1)
    bound = _BOUND_ASKED_RE.search(asked)
    if bound:
        number = bound.group(1) or bound.group(2)
        if not re.search(rf"(?<![\d.]){re.escape(number)}(?![\d.])", said):
            return bound.group()
    # (department: 区科技局兑现了多少惠企资金 ← 区财政局's 兑现惠企资金1.78亿元, 区科技局:暂未报送)
    if figure is not None:
        for item in items:
            if len(item.segments) < 2:
                continue
            clause = fold(answer).strip()[:20]
            shorts = [_short_department(segment.department) for segment in item.segments]
            if sum(short in asked for short in shorts) != 1:
                continue  # (交通大队和城管局各罚了多少: several departments asked, each its own figure)
            for segment, short in zip(item.segments, shorts):
                name = fold(segment.department).lower()
                if (
                    short in asked
                    and clause not in fold(segment.text)
                    and any(clause in fold(other.text) for other in item.segments if other is not segment)
                ):
                    return name
    if figure is None:
        return None
    folded_figure = fold(figure).lower()
    names = _NAMES_OF_ASKED_RE.search(asked)
    if names and "多少" not in asked and "、" not in folded_figure:
        return names.group()
    head = asked[: m.start()] if (m := re.search(r"多少|几", asked)) else asked
    if _TOTAL_ASKED_RE.search(asked) and not _NEW_ASKED_RE.search(asked):
        # 全区一共有多少家医院 ← 全年建成社区医院3家: the new ones, not all there are.
        if _NEW_FIGURE_RE.search(folded_figure) and not _TOTAL_FIGURE_RE.search(folded_figure):
            return "总数"
        # 全区5G基站总数 ← 基站任务数32个: nor a figure of the work planned, when the question asks
        # no plan and is one part (高企总数目标, 一共几处,整治完几处 ask the plan themselves).
        if (
            _PLAN_FIGURE_RE.search(folded_figure)
            and not _TOTAL_FIGURE_RE.search(folded_figure)
            and not re.search(r"目标|计划|任务|要|[,，;；]", asked)
        ):
            return "总数"
    if not RATE_NAMED_RE.search(asked) and not re.search(r"比例|占比|百分|%|增长|增速|下降|提高|降低|变化", asked):
        # (竹桥区户籍人口有: the last four characters before 有 / 是, however the tokenizer cuts them)
        tail = re.search(r"([\u4e00-\u9fff]{4})(?:一共|总共|共|大概|大约|约)?[有是为]?$", head)
        # (a noun said of a kind, 户籍 + 人口; not 打算改造, 年要征收, 实际产量, nor one of several parts)
        if (
            tail
            and not re.search(r"[区县]|任务$|目标$|计划$", tail.group(1))  # (保租房任务: the plan asked, no kind)
            and not re.search(r"和|与|及|、|,|，", head)
            and _all_nouns(tail.group(1)[2:])
            and not _NOT_SUBJECT_RE.match(tail.group(1)[:2])
            and not _NOT_MODIFIER_RE.search(tail.group(1)[:2])
        ):
            noun = tail.group(1)
            # 常住人口多少 ← 常住人口签约率为43.2%: the noun's rate, not the noun's count.
            if re.search(rf"{re.escape(noun)}[\u4e00-\u9fff]{{0,4}}率", folded_figure) and not re.search(
                rf"{re.escape(noun)}[^率,，;；。]{{0,6}}\d", folded_figure
            ):
                return noun
            # 全区常住人口多少 ← 新增受益人口1.3万人: another kind of the same head (人口).
            modifier, kind = noun[:-2], noun[-2:]
            # (社零总额 ← 社会消费品零售总额: the noun in its report form, data/synonyms.txt, is held)
            if (
                not _held(noun, joined)
                and modifier not in said
                and re.search(rf"[\u4e00-\u9fff]{{2}}{kind}", folded_figure)
            ):
                return noun
    return None


def _short_department(department: str) -> str:
    """A department's name as a question says it (科技局 of 区科技局), folded."""
    name = fold(department).lower()
    return name[1:] if name.startswith("区") and len(name) > 3 else name


def _all_nouns(text: str) -> bool:
    """Whether every piece jieba cuts ``text`` into is tagged a noun (户籍, 人口; not 打算, 改造)."""
    import jieba.posseg

    return all(piece.flag.startswith("n") for piece in jieba.posseg.cut(text))
