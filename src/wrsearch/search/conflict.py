"""Why the item an answer comes from does not answer the question: the question names a
specific thing of some kind (a year, a district or town, a metro line, an indicator) that the
item does not hold, while the item holds another thing of that kind; or it asks the names of a
counted set (那3条断头路是哪几条) that the item never lists; or it asks what the answer does not
give although its item is about the subject (round 8): a date (什么时候…), a figure per unit
(每亩…), the change of another noun, where the thing is (建在哪些小区), a named part (北塘片区)
of a figure given for several.

Answering the neighbour (2022年 from a 2023 report, 5号线 from the 3号线 item, PM10 from the
PM2.5 clause) misleads; the answerer declines instead (报告中没有找到答案). Rules of the genre,
not of one report: the kinds are few and fixed, and the indicator pairs live in
``data/contrasts.txt``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from wrsearch.ingest.periods import period_rank
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
# 实际认定了多少家 is not answered by 组织136家企业申报…认定: a later stage asked, only an earlier one said.
_LATER_STAGE_RE = re.compile(r"(认定|获批|批准|验收|评定|命名)了?(?:多少|几)")
_EARLIER_STAGE_RE = re.compile(r"申报|申请|报送|推荐|报名")
# 失业率, 签约率: a rate named, which only a percentage (or the rate's own name) answers.
RATE_NAMED_RE = re.compile(r"[\u4e00-\u9fff]{2}率")
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
        elif _NAMED_VILLAGE_RE.match(word) and not _NOT_VILLAGE_RE.search(word) and flag.startswith("n"):
            found.append((word, word[:-1]))
        elif len(word) >= 3 and flag in ("ns", "nz") and word.endswith(_ROAD_SUFFIXES):
            found.append((word, word))  # 中山北路, 解放路
        elif len(word) == 2 and flag in ("ns", "nr", "nz") and _ROAD_RE.match(following):
            found.append((word + following, word + following))  # 滨河 + 北路 (not 农村 + 路: a kind of road)
    return [(fold(place).lower(), fold(name).lower()) for place, name in found]


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
_STANDARD_ASKED_RE = re.compile(r"([\u4e00-\u9fff]{0,2}标准)(?:是|为|定为|定的|有)?(?:多少|几|怎么定|如何)")
# 什么时候, 何时, 几月: a date asked, which an answer without a date or time word does not give.
_WHEN_ASKED_RE = re.compile(
    r"什么时候|啥时候?|何时|哪天|哪一天|几月|几号|哪个月|什么时间|多会儿|哪年|几点|几时|(?:开放|营业|办公|开门)时间"
)
_DATE_OR_TIME_RE = re.compile(
    r"\d{4}\s*年|\d{1,2}\s*月|\d{1,2}\s*日|年底|年内|年初|年中|月底|月初|月中|季度|上半年|下半年|近期|春节|国庆"
)
# 几月份完成, 哪一天开放: a month or a day asked, which 年内 does not give (年底 is a month, 二季度 its range).
_MONTH_ASKED_RE = re.compile(r"几月|哪个月|哪一?月份?|几号|哪一?天|几日")
_MONTH_OR_DAY_RE = re.compile(r"\d{1,2}\s*月|\d{1,2}\s*日|[一二三四五六七八九十]{1,2}月|月底|月初|月中|月末|年底|年末|年中|季度|春节|国庆|元旦")
# 4-6月, 二季度, 下半年: a span not counted from January, and the month it ends in. Reports give
# figures from January (1-N月): a report ending before the span ends cannot hold its figure unless it
# names the span itself. (三季度 is read as 1-9月.)
_SPAN_NOT_FROM_JANUARY_RE = re.compile(
    r"(?<![\d.])(?:[2-9]|1[0-2])\s*(?:[-—–~～]|至|到)\s*(\d{1,2})\s*月份?|第?([二四])季度|下半年"
)
# 比去年增长了多少, 同比下降几: a change asked of the noun before it.
_CHANGE_ASKED_RE = re.compile(
    r"(?:比去年同期|比上年同期|比去年|比上年|同比|较去年)?(增长|增加|提高|提升|下降|减少|降低|上升|(?<![新净])[增涨降])了?(?:多少|几)"
)
# 充电桩建在哪些小区, 分布在哪里: where the thing is, which only an item about the thing can say.
# (在哪些事项, 落在哪些单位 ask items and units: list and who questions.)
_WHERE_ASKED_RE = re.compile(
    r"(?:建|设|分布|位于|落|安装|装|放|布)?在(?:哪些|哪几[个处条家所]?|哪里|哪儿|什么地方)"
    r"(?!事项|工作|任务|项目|方面|单位|部门|领域|措施)"
)


# 在哪几个街道, 在哪些小区: the kind of place a where-question asks the names of.
_PLACE_KIND_RE = re.compile(r"^(?:个|处|条|家|所)?(街道|社区|小区|村|镇|乡|片区|路段|园区|学校|地块)")


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
    for place, name in places(question):
        if name not in corpus:
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
    rate = RATE_NAMED_RE.search(asked)
    # (完成率 is answered by the share of the plan itself.)
    if rate and rate.group() != "完成率" and figure is not None and rate.group() not in fold(figure):
        # 失业率是多少 is not answered by 新增就业3086人,完成年度目标的25.7%: a share of the plan is no rate.
        if not _PERCENT_RE.search(_SHARE_RE.sub("", fold(figure))):
            return rate.group()
    if figure is not None:
        # 4-6月GDP增速多少 ← 1-3月…同比增长6.2%: the report ends before that span does.
        covered = max(period_rank(item.period) for item in items)
        for span in _SPAN_NOT_FROM_JANUARY_RE.finditer(asked):
            ends = int(span.group(1)) if span.group(1) else 6 if span.group(2) == "二" else 12
            if ends > covered and re.sub(r"\s|份|第", "", span.group()) not in re.sub(r"\s|份|第", "", joined):
                return span.group()
        found = _figure_conflict(question, asked, joined, fold(figure).lower())
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
            if noun not in figure and noun in joined:
                return f"{noun}{change.group(1)}"
    return None
