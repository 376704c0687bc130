"""The question's words and their weights: which words carry the subject.

A question is cut into words (:func:`answer_words`), glued and cut pieces are rejoined or recut
against the corpus (:func:`rejoined`, :func:`recut`, :func:`contracted`), and each word is
weighted by rarity (:func:`idf_weights`, a :class:`TermWeights`), so 高龄津贴 counts more than
完成. :func:`coverage` and :func:`subject_coverage` say how much of them a text holds, and
:func:`subject_item` which retrieved item is about the subject.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from wrsearch.answer.conflict import NOT_PLACE_RE
from wrsearch.models import Item
from wrsearch.search.query import QueryPlan, expand, synonyms
from wrsearch.text import fold

ABSENT_ACT_FACTOR = 0.3  # 改好, 提到, 新修: how staff say the act, in no report: weighs little
_ASK_TOKEN_RE = re.compile(r"^(?:几|多少|分别|各)")
# A question word a token may hold after a verb: 修几条, 改多长.
_GLUED_ASK = r"几|多少|多[长大宽高远久重深]"
# The unit a question asks its figure in (多少钱 → 元, 户数 → 户): a clause whose amounts are in
# another unit (压减15% for 压减了多少钱) does not answer it. 几个/多少个 fits any count.
_MEASURES = "吨路张床座所处条家项栋层例份台辆场次批件户人名亩期篇套根剂把起天届周支辆间"


def warm_up() -> None:
    """Load what the first question of a process would otherwise wait for (~1 s): jieba's default
    dictionary and its part-of-speech tagger, which :func:`dictionary_word`, :func:`is_noun`,
    :func:`is_act`, :func:`~wrsearch.answer.conflict.places` and
    :func:`~wrsearch.search.searcher.is_place_name` load lazily. Safe to call from any thread."""
    from wrsearch.answer.conflict import places
    from wrsearch.search.searcher import is_place_name

    dictionary_word("老旧小区")
    is_noun("游客")
    is_act("改好")
    places("青山区老旧小区改造了多少个")
    is_place_name("金桥区")


def is_noun(word: str) -> bool:
    """Whether jieba tags the word's last piece a noun (游客, 学位; not 建好, 新修)."""
    import jieba.posseg

    pieces = list(jieba.posseg.cut(word))
    return bool(pieces) and pieces[-1].flag.startswith("n")


def names_thing(word: str) -> bool:
    """Whether ``word`` names a thing one counts: a noun (游客, 学位), or a word ending in a
    measure word, which jieba cuts off a noun it does not know (充电 + 桩); not an act (建好)."""
    import jieba.posseg

    pieces = list(jieba.posseg.cut(word))
    return is_noun(word) or (len(pieces) > 1 and pieces[-1].flag == "q")


# Words that only make a question a question; everything else, even 完成, helps pick the clause.
QUESTION_WORDS = frozenset(
    "哪些 哪个 哪里 哪 什么 是什么 怎么 怎么样 怎样 如何 多少 几 几个 多大 是否 有没有 吗 呢 吧 啊 的 了 是 请问 一下 "
    "情况 有关 相关 关于 百分之 百分 之 比例 多少钱 钱 多长 多宽 多高 多远 多久 多重 和 与 及 跟 vs 分别 各自 时候 何时 时间 哪天 几月 几号".split()
)


# Time is answered by choosing the reports (Searcher.time_masks), not by words in the text;
# the district's own name is in no item's text.
_TIME_WORDS_RE = re.compile(
    r"(?:19|20)\d{2}\s*年度?|前三季度|第?[一二三四]季度|上半年|下半年|半年|全年|年终|年底|今年|去年|本年|上年|前年"
    r"|1\s*[-—–~至到]\s*\d{1,2}\s*月份?|[区市县省]?《?[区市县省]?政府工作报告》?"
)
# (社区, 园区, 扩区, 示范区: a kind of area or what is done to one is a subject, not a place's name)
_PLACE_RE = re.compile(r"^[\u4e00-\u9fff]{1,4}[区县]$")
_AREA_KINDS = frozenset({"社区", "街区", "园区", "片区", "景区", "城区", "小区", "校区", "厂区", "新区"})
_THE_DISTRICT_RE = re.compile(r"^[全本我该此][区县]$")  # the district itself, said as a whole


def is_place_name(word: str) -> bool:
    """Whether ``word`` looks like a district's or county's name (凤台区) or stands for the district
    (全区, 本区), not a kind of area (社区, 园区)."""
    if word in _AREA_KINDS:  # 社区医院, 社区书院: the kind of area, no community's name
        return False
    return bool(_PLACE_RE.match(word)) and (bool(_THE_DISTRICT_RE.match(word)) or not NOT_PLACE_RE.search(word))


# Spoken filler around the subject: it says how the question is asked, never what it is about,
# and being in no report it would otherwise weigh most (那批老旧小区, 一共罚了, 已经接进来).
_FILLER_RE = re.compile(
    r"[那这哪]批|[那这]几[个栋条项家座所处]?|[那这]些|[那这]个(?:指标|项目|事)?|一共|总共|共计|总计|合计|已经|到底|究竟|实际上?|大概|大约|差不多"
    r"|目前|现在|到现在|为止|截至|眼下|进来|出来|下来|起来|过来|上来|到了|了没有?|没有|有着落|有眉目|有下文"
    r"|最后(?!一)|最终|到头来|原(?=计划|定)"  # 最后完成了多少, 断头路原计划…: when, not what
    r"|[比较](?:原来|以前|过去|原先|之前)"  # 比原来提高了多少: the change's baseline (as 比去年), not what changed
    r"|这一?年来?|一年来|(?:这)?一年(?:下来|到头)|这半年|半年来|这段时间|这阵子"  # 普法这一年都做了些什么: the report's time
    r"|[这那]一?块|[这那]方面|[这那]边"
    r"|[那这]一?[条项件](?=的|[\s,，]|$)"  # GDP增长那条的责任单位: points at an item, names nothing
    r"|[那这]一?项"  # 亿元楼宇那项完成了吗: 项 is never part of a subject after 那/这
    r"|(?<![\d])[一二两三四五六七八九十]+[个所项家座条处名位只栋批]"  # 两所新学校: a count, not the subject
    # a modal 要 (要征收, 签约额要达到), not 要 of 主要/需要/要求
    r"|(?<![主重需只必不])要(?![求素点害闻件])|打算|准备"
    r"|^[帮替给](?=[\u4e00-\u9fff]{2})"
    r"|^区(?![级属内域委直])(?=[\u4e00-\u9fff]{3})"  # 区中医院: the district is every item's  # 帮农民工追回…: for whom, said before the subject
)


_PLAN_GLUED_RE = re.compile(r"^(?:目标|计划|任务)(?=[\u4e00-\u9fff]{2,}$)")


def answer_words(plan: QueryPlan, tokenizer, drop: frozenset[str] = frozenset()) -> list[str]:
    """The question's words for picking a clause: all but question words, ``drop``, time words,
    spoken filler, place names and department names."""
    text = _FILLER_RE.sub(" ", _TIME_WORDS_RE.sub(" ", plan.remainder))
    cut = getattr(tokenizer, "question_tokens", tokenizer.tokens)
    tokens = [t for t in cut(text) if t not in QUESTION_WORDS and t not in drop and not is_place_name(t)]
    # 目标里程, 计划投资 (glued by the tokenizer): the plan word says which figure; what follows is
    # the measure, itself dropped when ``drop`` holds it.
    tokens = [rest if (rest := _PLAN_GLUED_RE.sub("", t)) != t and drop else t for t in tokens]
    tokens = [t for t in tokens if t not in drop]
    # "完成了", "建了" are "完成", "建" asked about: keep the stem only.
    tokens = [t[:-1] if t.endswith("了") and len(t) >= 2 else t for t in tokens]
    tokens = [t for t in tokens if not _ASK_TOKEN_RE.match(t)]  # 几条, 多少钱: the question, not the subject
    # 修几条 (the tokenizer glued the verb to the question word): the verb only, if a word.
    tokens = [re.split(_GLUED_ASK, t)[0] if re.search(_GLUED_ASK, t) else t for t in tokens]
    tokens = [t for t in tokens if t]
    # 多少条路: the tokenizer glued the measure to the thing counted (条路): the thing only.
    # (家餐 + 饮 of 多少家餐饮: the single character left joins the next one, 餐饮.)
    unglued: list[str] = []
    for t in tokens:
        if unglued and unglued[-1].startswith("\0"):
            rest = unglued.pop()[1:]
            unglued.append(rest + t if len(t) == 1 else rest)
            if len(t) == 1:
                continue
        if len(t) >= 2 and t[0] in _MEASURES and re.search(rf"(?:多少|几){t}", text):
            unglued.append("\0" + t[1:] if len(t) == 2 else t[1:])
        else:
            unglued.append(t)
    tokens = [t.lstrip("\0") for t in unglued]
    return list(dict.fromkeys(joined_phrases(tokens, text)))


def joined_phrases(tokens: list[str], text: str) -> list[str]:
    """``tokens`` of ``text`` with an everyday phrase the synonym list knows (网上办事, 花出去) as
    one word, whatever the tokenizer cut."""
    folded = fold(text).lower()
    for lefts, _ in synonyms():
        for left in lefts:
            phrase = fold(left).lower()
            pieces = [t for t in tokens if t in phrase]
            if len(phrase) >= 3 and phrase in folded and len(pieces) >= 2:
                tokens = [phrase if t == pieces[0] else t for t in tokens if t == pieces[0] or t not in pieces]
            elif len(phrase) >= 3 and phrase in folded:
                tokens = _rejoin_glued(tokens, phrase, folded)
    return tokens


def _rejoin_glued(tokens: list[str], phrase: str, folded: str) -> list[str]:
    """``tokens`` with two neighbours that hold ``phrase`` and a glued character past it
    (招商 + 引资有 → 招商引资 + 有; 老 + 旧小区改 → …) cut as the phrase and the rest."""
    for index, (first, second) in enumerate(zip(tokens, tokens[1:])):
        pair = first + second
        if pair not in folded or phrase not in pair or first in phrase and second in phrase:
            continue
        start = pair.index(phrase)
        if start >= len(first) or start + len(phrase) <= len(first):
            continue  # the phrase lies inside one token: nothing was glued across
        before, after = pair[:start], pair[start + len(phrase) :]
        return [
            *tokens[:index],
            *([before] if before else []),
            phrase,
            *([after] if after else []),
            *tokens[index + 2 :],
        ]
    return tokens


def rejoined(words: list[str], text: str, document_frequency) -> list[str]:
    """``words`` with a single character the tokenizer cut off a dictionary noun that no report
    holds joined back to it (中 + 医院, 中医 + 院 → 中医院): the character tells it apart."""
    folded = fold(text).lower()
    joined: list[str] = []
    skip = False
    for index, word in enumerate(words):
        if skip:
            skip = False
            continue
        following = words[index + 1] if index + 1 < len(words) else ""
        whole = word + following
        if (
            following
            and min(len(word), len(following)) == 1
            and not re.fullmatch(_AFFIXES, following)
            and whole in folded
            and dictionary_word(whole)
            and is_noun(whole)
            and document_frequency(whole) == 0
        ):
            joined.append(whole)
            skip = True
        else:
            joined.append(word)
    return joined


def split_glued(words: list[str]) -> list[str]:
    """``words`` with a word the tokenizer glued from a two-character everyday word of the
    synonym list and a word of two or more characters (半马 + 冠军 → 半马冠军) cut apart again: the
    glued word took the everyday word's report forms (半程马拉松), and an item holding them would
    cover it whole, the other word (冠军) unasked. (打电诈: one character beside 电诈 stays.)"""
    lefts = [left for group, _ in synonyms() for left in group if len(left) == 2]
    out: list[str] = []
    for word in words:
        left = next(
            (
                left
                for left in lefts
                if len(word) >= 4 and (word.startswith(left) or word.endswith(left)) and not dictionary_word(word)
            ),
            None,
        )
        if left is None or any(word == w for group, _ in synonyms() for w in group):
            out.append(word)
        else:
            out.extend([left, word[len(left) :]] if word.startswith(left) else [word[: -len(left)], left])
    return out


def recut(words: list[str], text: str, document_frequency) -> list[str]:
    """``words`` with a two-character word no report holds whose last character belongs to the
    word after it cut again there when both pieces are report words: 老管 + 道 → 老 + 管道
    (燃气老管道), the tokenizer having glued the wrong pair; likewise one whose first character
    belongs to the word before it (桃花 + 谷创 → 桃花谷 + 创)."""
    folded = fold(text).lower()
    out = list(words)
    for index in range(len(out) - 1):
        word, following = out[index], out[index + 1]
        if (
            len(word) == 2
            and document_frequency(word) == 0
            and word + following in folded
            and document_frequency(word[1] + following) > 0
        ):
            out[index], out[index + 1] = word[0], word[1] + following
    for index in range(1, len(out)):
        # 桃花 + 谷创 → 桃花谷 + 创 (桃花谷创4A): the first character belongs to the word before it
        # (only a pair the tokenizer's dictionary does not know: 中标 of 项目中标 is a word).
        previous, word = out[index - 1], out[index]
        if (
            len(word) == 2
            and previous
            and not known_to_tokenizer(word)
            and document_frequency(word) == 0
            and previous + word in folded
            and document_frequency(previous + word[0]) > 0
            and document_frequency(word[1]) > 0
        ):
            out[index - 1], out[index] = previous + word[0], word[1]
    return [w for w in out if w]


# Suffixes that make a word of a word without changing what it names (网格化, 规范性, 装配式).
def contracted(words: list[str], text: str, corpus_count) -> list[str]:
    """``words`` with two two-character words that make a long form no report holds (招商 + 引资)
    replaced by its contraction of their first characters when reports hold that (招引): the
    report writes the short form of what the question says in full."""
    folded = fold(text).lower()
    out: list[str] = []
    index = 0
    while index < len(words):
        word = words[index]
        following = words[index + 1] if index + 1 < len(words) else ""
        short = word[:1] + following[:1]
        if (
            len(word) == 2
            and len(following) == 2
            and _CJK_RE.fullmatch(word + following)
            and word + following in folded
            and corpus_count(word + following) == 0
            and min(corpus_count(word), corpus_count(following)) == 0  # (新增 + 就业: both report words)
            and corpus_count(short) > 0
        ):
            out.append(short)
            index += 2
            continue
        out.append(word)
        index += 1
    return out


_AFFIXES = r"[化性式型类级]"


def known_pieces(word: str, document_frequency) -> list[str]:
    """A word no report holds, cut into the longest pieces (two characters or more) that reports
    do hold, when they cover it all but one character: 普惠托位 → 普惠, 托位 (the reports write
    普惠性托位). Otherwise the word itself."""
    if len(word) < 3 or document_frequency(word) > 0:
        return [word]
    pieces, start, covered = [], 0, 0
    while start < len(word):
        for end in range(len(word), start + 1, -1):
            if document_frequency(word[start:end]) > 0:
                pieces.append(word[start:end])
                covered += end - start
                start = end
                break
        else:
            start += 1
    if len(pieces) == 1 and covered < len(word):
        # One piece is not the word when what it drops tells the word apart: a modifier before
        # it (中医院 → 医院, 运管服 → 管服) or the rest of a noun of its own (中医院 → 中医). Only
        # how staff say the act (打电诈 → 电诈) or a suffix (网格化 → 网格) may go.
        dropped = word.replace(pieces[0], "", 1)
        modifier = word.endswith(pieces[0]) and not is_act(dropped)
        if not re.fullmatch(_AFFIXES, dropped) and (modifier or (dictionary_word(word) and is_noun(word))):
            return [word]
    return pieces if pieces and covered >= len(word) - 1 else [word]


def subject_pieces(word: str, document_frequency) -> list[str]:
    """:func:`known_pieces`, except that a staff phrase the synonym list names whole (财政收入, whose
    report words are 一般公共预算收入) stays whole when its pieces (财政, 收入) would lose its forms."""
    pieces = known_pieces(word, document_frequency)
    named_whole = len(word) >= 3 and any(
        fold(word).lower() == fold(left).lower() for lefts, _ in synonyms() for left in lefts
    )
    # (打电诈 → 电诈 is cut: the piece is a staff word of its own, with the same forms)
    if named_whole and len(pieces) > 1 and not any(expand(piece) for piece in pieces):
        return [word]
    return pieces


class TermWeights(dict):
    """``{word: weight}`` with the other ``forms`` that count as the word in a text (the report
    words of an everyday word: GDP → 地区生产总值)."""

    def __init__(
        self,
        weights: dict[str, float],
        forms: dict[str, tuple[str, ...]] | None = None,
        absent: frozenset[str] = frozenset(),
    ) -> None:
        super().__init__(weights)
        self.forms = forms or {}
        self.absent = absent  # words no indexed item holds in any form


def known_to_tokenizer(word: str) -> bool:
    """Whether the tokenizer's dictionary holds ``word`` (any length): a pair it does not know
    was glued by its guesswork (谷创 of 桃花谷创4A)."""
    import jieba

    jieba.dt.check_initialized()
    return bool(jieba.dt.FREQ.get(word))


def dictionary_word(word: str) -> bool:
    """Whether the tokenizer's dictionary holds ``word`` as one word (中医院; not 打电诈)."""
    import jieba

    jieba.dt.check_initialized()
    return len(word) >= 3 and bool(jieba.dt.FREQ.get(word))


def word_forms(word: str) -> tuple[str, ...]:
    """The word, the report words for it, and an everyday word inside it (电诈 of 打电诈)."""
    # (not in a dictionary word of its own: 中医院 is no 医院)
    inner = (
        []
        if dictionary_word(word)
        else [left for lefts, _ in synonyms() for left in lefts if len(left) >= 2 and left != word and left in word]
    )
    left_over = _REMAINING_FORMS if _REMAINING_WORD_RE.fullmatch(word) else ()  # 剩下 → 其余, 尚余…
    own_word = dictionary_word(word) and not any(word in lefts for lefts, _ in synonyms())
    return tuple(dict.fromkeys((word, *([] if own_word else expand(word)), *inner, *left_over)))


def is_act(word: str) -> bool:
    """A verb with what follows it, no noun (改好, 提到, 新修): how a question says the act, which
    reports say in their own words (完成改造, 提高至, 新建)."""
    import jieba.posseg

    flags = [piece.flag for piece in jieba.posseg.cut(word)]
    # 旅游 (vn) names a thing as much as an act: not an act here.
    return any(flag in ("v", "vd", "vg") for flag in flags) and not any(
        flag[0] == "n" or flag == "vn" for flag in flags
    )


_CJK_RE = re.compile(r"[\u4e00-\u9fff]+")


def abbreviation_forms(word: str, texts: list[str]) -> tuple[str, ...]:
    """The long form of an abbreviation no report holds (保租房 → 保障性租赁住房): the most common
    span of ``texts`` with the word's characters in order, up to 3 others between each, starting
    with its first and ending with its last. Only for words of 3–4 characters (shorter ones match
    by chance); empty when none."""
    if not (3 <= len(word) <= 4 and _CJK_RE.fullmatch(word)):
        return ()
    pattern = re.compile("[\u4e00-\u9fff]{0,3}?".join(map(re.escape, word)))
    spans = Counter(m.group() for text in texts for m in pattern.finditer(text) if len(m.group()) > len(word))
    return (spans.most_common(1)[0][0],) if spans else ()


def idf_weights(
    words: list[str],
    document_frequency,
    n_documents: int,
    extra_forms: dict[str, tuple[str, ...]] | None = None,
) -> TermWeights:
    """Rarity of each word; a word in no document weighs most (it is what the reports lack) —
    unless it is an act said in everyday words (:func:`is_act`): then ``ABSENT_ACT_FACTOR``.
    A word's synonyms (and its ``extra_forms``, default none) count as the word, and its rarity
    is that of its most common form."""
    extra_forms = extra_forms or {}
    forms = {w: tuple(dict.fromkeys((*word_forms(w), *extra_forms.get(w, ())))) for w in words}
    absent = {w for w in words if max(document_frequency(f) for f in forms[w]) == 0}
    return TermWeights(
        # A single character (修, 建) says little of what the question is about: half weight.
        {
            w: math.log(1 + n_documents / max(max(document_frequency(f) for f in forms[w]), 0.5))
            * (0.5 if len(w) == 1 else 1.0)
            # a single-character verb (来 of 来了多少游客) is how the act is said even when some
            # report holds it: it weighs like an absent act.
            * (ABSENT_ACT_FACTOR if (w in absent or len(w) == 1) and is_act(w) else 1.0)
            for w in words
        },
        {w: tuple(fold(f).lower() for f in fs) for w, fs in forms.items() if len(fs) > 1},
        frozenset(absent),
    )


def coverage(words: dict[str, float], text: str) -> float:
    """Weighted share of ``words`` that occur in ``text``."""
    total = sum(words.values())
    if not total:
        return 0.0
    folded = fold(text).lower()
    forms = getattr(words, "forms", {})
    return sum(weight for word, weight in words.items() if any(f in folded for f in forms.get(word, (word,)))) / total


# How a question says what is left (剩, 剩下), and how reports say it.
_REMAINING_WORD_RE = re.compile(r"还?(?:剩下?|剩余|余下|差)")
_REMAINING_FORMS = ("剩", "余下", "尚余", "尚差", "差距", "缺口", "未完成", "尚未", "其余")
LITERAL_TASK_SHARE = 0.1  # the subject's own words in the task, beside its synonyms' forms


def subject_item(
    items: list[Item], item_scores: list[float], weights: dict[str, float], question: str = ""
) -> tuple[int, float]:
    """The retrieved item that is *about* the question's subject, and how much of the subject it
    covers: an item whose task names the subject beats one that mentions it in passing. With the
    ``question`` (default: none), only words side by side in it make a phrase, and a phrase held
    by the progress alone counts half."""
    top = max(item_scores, default=0.0) or 1.0
    best, best_key, best_cover = 0, -1.0, 0.0
    # 托育服务: a task holding the subject's words together, as asked, is about it more than one
    # holding them apart (社区养老、托育…服务网点).
    words = [w for w in weights if len(w) >= 2]
    phrases = [a + b for a, b in zip(words, words[1:])]
    asked = fold(question).lower()
    if asked:
        # 课后服务现在覆盖情况: 服务 + 覆盖 were apart as asked; 签约服务覆盖率 holds no phrase of it.
        phrases = [phrase for phrase in phrases if phrase in asked]
    for position, (item, score) in enumerate(zip(items, item_scores)):
        cover = coverage(weights, f"{item.task} {' '.join(item.departments)} {item.progress}")
        task_subject = coverage(weights, item.task)
        key = 0.45 * task_subject + 0.35 * cover + 0.2 * score / top
        # 新医院 ← 建成区人民医院新院区, not 新建社区卫生服务中心: a task saying the subject in the
        # question's own words is about it more than one saying only a synonym list's form of it.
        key -= LITERAL_TASK_SHARE * (task_subject - coverage(dict(weights), item.task))
        if phrases:
            task = fold(item.task).lower()
            held = sum(phrase in task for phrase in phrases) / len(phrases)
            if asked:
                # …and a phrase of a subject the item holds only in part (服务覆盖 of 签约服务覆盖率,
                # when 课后服务覆盖 was asked) counts for that part only.
                progress = fold(item.progress).lower()
                in_progress = sum(phrase in progress and phrase not in task for phrase in phrases) / len(phrases)
                held = cover * held + 0.5 * in_progress
            key += 0.25 * held
        if key > best_key:
            best, best_key, best_cover = position, key, cover
    return best, best_cover


TASK_NAMES_SUBJECT = 0.7  # confidence when an item's own task names every word of the subject


def task_cover(weights: dict[str, float], item: Item) -> float:
    """How much of the subject the item's task names (1.0 when every subject word of ≥ 2
    characters is in it; 0 when the subject has no such word)."""
    subject = TermWeights({w: v for w, v in weights.items() if len(w) >= 2}, getattr(weights, "forms", {}))
    return coverage(subject, item.task) if subject else 0.0


# Words any department's part may hold (建设, 推进): they tell no part from another.
_PART_GENERIC_WORDS = frozenset("建设 推进 实施 创建 开展 完成 工作 进度 情况 进展 新建 改造 动作 动静 结果 有".split())


def own_words(weights: dict[str, float], task: str) -> TermWeights:
    """The subject words (≥ 2 characters) that ``task`` does not hold: what tells one part of
    the item's progress from another (empty when the task holds them all)."""
    forms = getattr(weights, "forms", {})
    folded = fold(task).lower()
    return TermWeights(
        {
            w: v
            for w, v in weights.items()
            if len(w) >= 2 and not any(f in folded for f in forms.get(w, (w,))) and w not in _PART_GENERIC_WORDS
        },
        forms,
    )


# Words that say which figure of a subject is wanted (the plan, the result), not the subject:
# they pick the clause but do not make the answer more or less sure (建成 asked, 新建 written).
_SHAPE_WORD_RE = re.compile(
    r"(?:全年|年初|今年|实际|已经?|调整后?|定的?)?(?:任务|目标|计划|完成|建成|建|实际|调整|定|实现|累计|新建|已|总)?数?(?:量|额)?的?"
    r"|(?:完成|开工|建成|办结|签约)?(?:率|比例|进度)|增幅|增速|增长率|占比"
)


# 装好, 修完: a verb ending in 好 / 完 says the act is finished, which reports say their own way
# (已完成加装118部): it says which figure is wanted, as 建成 does, not what it is of.
_FINISHED_ACT_RE = re.compile(r"[\u4e00-\u9fff][好完]")


def is_shape_word(word: str) -> bool:
    """A word saying which figure of a subject is wanted (任务, 完成率, 装好), not the subject."""
    return bool(_SHAPE_WORD_RE.fullmatch(word)) or (bool(_FINISHED_ACT_RE.fullmatch(word)) and is_act(word))


def subject_coverage(weights: TermWeights, text: str, shared: dict[str, float] | None = None) -> float:
    """:func:`coverage` where a shape word (任务, 目标, 建成, 实际…) or a time word missing from
    ``text`` does not count against it: the text may say 新建 for 建成, and the report is the
    time; a word present still counts. With nothing else left, the ``shared`` subject's coverage
    (a part 上半年建成 is about the subject of the part before it)."""
    folded = fold(text).lower()
    forms = getattr(weights, "forms", {})
    kept = {
        w: v
        for w, v in weights.items()
        if not (is_shape_word(w) or is_time_word(w)) or any(f in folded for f in forms.get(w, (w,)))
    }
    if not kept:
        return coverage(shared, text) if shared is not None else coverage(weights, text)
    return coverage(TermWeights(kept, forms), text)


# Pieces of time words as the tokenizer cuts them (上半年 → 上半, 半年).
_TIME_PIECE_RE = re.compile(r"上半|下半|[一二三四]季|季度|前三|半年|全年|今年|年度|年初|年底")


def is_time_word(word: str) -> bool:
    """A time word or a piece of one (上半 of 上半年)."""
    return bool(_TIME_WORDS_RE.fullmatch(word) or _TIME_PIECE_RE.fullmatch(word))


def has_subject(weights: dict[str, float]) -> bool:
    """Whether ``weights`` hold a word that is neither a shape word nor a time word (上半年建成 holds none)."""
    return any(not (is_shape_word(w) or is_time_word(w)) for w in weights)
