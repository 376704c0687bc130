"""The item grammar of a progress report (政府工作报告责任分解事项完成情况): header and numbered items.

A report file looks like::

    名  称: 2021年区《政府工作报告》责任分解事项 1-3月份完成情况 发布机构: 区政府办
    ...
    1.<task text>。(责任单位:<dept>、<dept>)
    完成情况:<progress, one or more paragraphs>

Accepted variants: numbering ``1.`` / ``1、`` / ``1．`` / ``(一)``; department blocks
``(责任单位:…)`` or ``(市级牵头单位:X;区级牵头单位:Y)``, closed or not; full-width or
half-width punctuation; section headings (``一、…``); short stray lines, which are dropped.

Progress texts hold numbered lists of their own (``1.选址3处;`` ``2.完成设计。`` on lines of
their own, or ``(1)`` ``(2)``). A line numbered with the next item number opens an item only
if it (or a line wrapped after it) carries a department block, or if the current item already
has its 完成情况 and the line does not continue a list that restarted at 1 inside the item.
"""

from __future__ import annotations

import re

from wrsearch.models import Item, Segment

HEADER_KEYS = {
    "名称": r"名\s*称",
    "发布机构": r"发布机构",
    "文号": r"文\s*号",
    "索引号": r"索\s*引\s*号",
    "公开日期": r"公开日期",
    "公开方式": r"公开方式",
    "主题分类": r"主题分类",
}
_HEADER_KEY_RE = re.compile("(" + "|".join(f"(?:{pattern})" for pattern in HEADER_KEYS.values()) + r")\s*[:：]")
_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_NUMERAL = "[一二三四五六七八九十百零两]+"
# An item starts with "12." / "12、" / "12．" or "(十二)" at the start of a line. "、" may be
# followed by a figure (57、12315投诉举报…); "." may not (3.5亿元 is a decimal), unless the line is
# the next item's and carries its department block (see _next_item_with_figure).
_ITEM_RE = re.compile(rf"^\s*(?:(\d{{1,3}})\s*(?:[.．](?!\d)|、)|[(（]({_CN_NUMERAL})[)）])\s*(.*)$")
# (the empty group stands for _ITEM_RE's Chinese numeral, so that the groups line up)
_ITEM_WITH_FIGURE_RE = re.compile(r"^\s*(\d{1,3})\s*[.．]()(\d.*)$")
# A section heading: "一、《市政府工作报告》…完成情况".
_SECTION_RE = re.compile(rf"^\s*({_CN_NUMERAL})\s*、\s*(.+)$")
_PROGRESS_RE = re.compile(r"^\s*完成情况\s*[:：]?\s*(.*)$")
# The department block: "(责任单位:…)" / "(市级牵头单位:X;区级牵头单位:Y)", possibly unclosed; a unit's
# name may hold one bracket of its own (区政务服务中心(12345热线办)).
_DEPT_BLOCK_RE = re.compile(
    r"[(（]\s*((?:[^()（）:：]{0,8}?单位)\s*[:：](?:[^()（）]|[(（][^()（）:：]*[)）])*)(?:[)）]\s*[。.]?\s*$|$)"
)
_ROLE_RE = re.compile(r"([^;；:：,，、]{0,8}?单位)\s*[:：]")
_DEPT_SPLIT_RE = re.compile(r"[、,，;；/\s]+")
# A short line with no punctuation or digits is page furniture (the seed ends with "人大").
_STRAY_MAX_CHARS = 6
_PUNCT_OR_DIGIT_RE = re.compile(r"[\d。，,；;：:、.!?！？()（）“”\"]")


def cn_to_int(numeral: str) -> int:
    """Convert a Chinese numeral up to 999 (``十二`` → 12, ``二十`` → 20)."""
    total, current = 0, 0
    for char in numeral:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _CN_DIGITS[char]
    return total + current


def parse_header(lines: list[str]) -> dict[str, str]:
    """Read ``名称: … 发布机构: …`` style fields, several to a line, from the top of a report."""
    header: dict[str, str] = {}
    for line in lines:
        matches = list(_HEADER_KEY_RE.finditer(line))
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
            key = re.sub(r"\s+", "", match.group(1))
            header[key] = line[match.end() : end].strip()
    return header


def split_departments(text: str) -> list[str]:
    """Split a department list on 、,，;； and drop empties and duplicates, keeping order."""
    seen: dict[str, None] = {}
    for name in _DEPT_SPLIT_RE.split(text):
        name = name.strip(" 。.:：")
        if name:
            seen.setdefault(name, None)
    return list(seen)


def parse_department_block(block: str) -> dict[str, list[str]]:
    """``市级牵头单位:X;区级牵头单位:Y、Z`` → ``{"市级牵头单位": ["X"], "区级牵头单位": ["Y", "Z"]}``."""
    roles: dict[str, list[str]] = {}
    matches = list(_ROLE_RE.finditer(block))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(block)
        role = re.sub(r"\s+", "", match.group(1)).lstrip(";；,， ")
        roles.setdefault(role, []).extend(split_departments(block[match.end() : end]))
    return roles


def split_task(head: str) -> tuple[str, dict[str, list[str]]]:
    """Separate the task text from its trailing department block (closed or not)."""
    match = None
    for match in _DEPT_BLOCK_RE.finditer(head):
        pass  # the last block is the department block
    if match is None:
        return head.strip(), {}
    return head[: match.start()].strip(), parse_department_block(match.group(1))


def find_segments(progress: str, departments: list[str]) -> list[Segment]:
    """Split progress into per-department parts where it names the departments in turn.

    A department opens a segment when its name starts the progress or a sentence
    (after 。；;: or a line break). At least two departments must do so.
    """
    starts: list[tuple[int, str]] = []
    for department in departments:
        pattern = rf"(?:^|(?<=[。；;:：\n]))\s*({re.escape(department)})"
        match = re.search(pattern, progress)
        if match:
            starts.append((match.start(1), department))
    if len(starts) < 2:
        return []
    starts.sort()
    segments = []
    for index, (start, department) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(progress)
        text = progress[start:end].strip()
        text = re.sub(rf"^{re.escape(department)}\s*[:：]\s*", "", text).rstrip("；; \n")
        if text:
            segments.append(Segment(department, text))
    return segments


def _is_section_heading(line: str, inside_item: bool) -> bool:
    """``一、…`` is a heading before the first item, or later when short and not a sentence."""
    if not _SECTION_RE.match(line):
        return False
    return not inside_item or (len(line) <= 60 and not line.endswith(("。", "；", ";")))


def _is_paren_heading(lines: list[str], index: int) -> bool:
    """``(二)补短板、惠民生`` is a section heading, not an item numbered (二) nor an entry of a
    list inside a progress text, when it is a short phrase without a department block, the
    next line opens an item that has one, and the line before neither announces a list
    (``其中:``) nor is the entry its number continues."""
    match = _ITEM_RE.match(lines[index])
    if not match or not match.group(2) or _carries_block(lines, index):
        return False
    text = match.group(3).strip()
    if not text or len(text) > 30 or text.endswith(("。", "；", ";", "：", ":")):
        return False
    after = next((n for n in range(index + 1, len(lines)) if lines[n]), None)
    before = next((n for n in range(index - 1, -1, -1) if lines[n]), None)
    after_match = _ITEM_RE.match(lines[after]) if after is not None else None
    if not after_match or after_match.group(2) or not _carries_block(lines, after):
        return False
    if before is None:
        return True
    if lines[before].rstrip().endswith((":", "：")):  # "其中:" announces a list
        return False
    before_match = _ITEM_RE.match(lines[before])
    if before_match and before_match.group(2) and not _carries_block(lines, before):
        # after a list entry, only a number that does not continue the list
        return cn_to_int(match.group(2)) != cn_to_int(before_match.group(2)) + 1
    return True


def _is_stray(line: str) -> bool:
    return len(line) <= _STRAY_MAX_CHARS and not _PUNCT_OR_DIGIT_RE.search(line)


def _carries_block(lines: list[str], start: int) -> bool:
    """Whether the line at ``start``, or a line wrapped after it, has a department block."""
    for n, line in enumerate(lines[start : start + 3]):
        if n and (not line or _ITEM_RE.match(line) or _PROGRESS_RE.match(line)):
            return False
        if _DEPT_BLOCK_RE.search(line):
            return True
    return False


def _next_item_with_figure(lines: list[str], index: int, current_no: int | None) -> re.Match | None:
    """``12.2025年底前建成…(责任单位:…)``: an item whose task opens with a figure, numbered with
    "." — read as an item only when it is the next number and carries its department block,
    so that a decimal at the start of a progress line (3.5亿元…) stays text. The match has the
    groups of ``_ITEM_RE`` (number, Chinese numeral, text)."""
    match = _ITEM_WITH_FIGURE_RE.match(lines[index])
    if match is None or current_no is None or int(match.group(1)) != current_no + 1 or not _carries_block(lines, index):
        return None
    return match


def parse_items(lines: list[str], report_id: str) -> tuple[str, list[Item], list[str]]:
    """Title, items and dropped lines of a numbered task list."""
    title = ""
    items: list[Item] = []
    dropped: list[str] = []
    section: str | None = None
    item_section: str | None = None
    new_section = False  # a heading came since the last item: numbering may restart
    offset = 0  # added to numbers of a section that restarts at 1, to keep ids unique
    head_parts: list[str] = []  # task lines of the current item
    progress_parts: list[str] = []  # progress paragraphs of the current item
    in_progress = False
    current_no: int | None = None  # the number as printed
    list_at: int | None = None  # the last number of a list restarted at 1 inside the current item

    def close_item() -> None:
        if current_no is None:
            return
        task, roles = split_task("".join(head_parts))
        departments = split_departments("、".join(name for names in roles.values() for name in names))
        progress = "\n".join(progress_parts).strip()
        items.append(
            Item(
                report=report_id,
                no=current_no + offset,
                task=task,
                departments=departments,
                progress=progress,
                roles=roles,
                segments=find_segments(progress, departments),
                section=item_section,
                label=str(current_no) if offset else None,
            )
        )

    for index, line in enumerate(lines):
        if not line:
            continue
        if _is_paren_heading(lines, index):
            section = _ITEM_RE.match(line).group(3).strip()
            new_section = True
            continue
        item_match = _ITEM_RE.match(line) or _next_item_with_figure(lines, index, current_no)
        number = None
        if item_match:
            number = int(item_match.group(1)) if item_match.group(1) else cn_to_int(item_match.group(2))
            restart = new_section and number == 1 and current_no is not None
            if current_no is not None and not restart:
                # Only the next number can open an item ("1." inside a progress text cannot), and
                # only with its department block, or after the current item's progress and
                # outside a list of the progress ("1.选址…" "2.完成设计…").
                listed = number == 1 or (list_at is not None and number == list_at + 1)
                opens = number == current_no + 1 and (
                    _carries_block(lines, index) or (in_progress and not (list_at is not None and listed))
                )
                if not opens:
                    list_at = number if listed else list_at
                    number = None
            elif restart:
                close_item()
                current_no = None
                offset = (max(i.no for i in items) // 100 + 1) * 100
        if number is not None:
            close_item()
            current_no, head_parts, progress_parts, in_progress = number, [item_match.group(3)], [], False
            list_at = None
            item_section = section  # a heading after its progress belongs to the next item
            new_section = False
            continue
        if _is_section_heading(line, inside_item=current_no is not None):
            section = _SECTION_RE.match(line).group(2).strip()
            new_section = True
            continue
        progress_match = _PROGRESS_RE.match(line)
        if current_no is None:
            if not title and not _is_stray(line):
                title = line
            else:
                dropped.append(line)
        elif progress_match and not in_progress:
            in_progress = True
            if progress_match.group(1):
                progress_parts.append(progress_match.group(1))
        elif _is_stray(line):
            dropped.append(line)
        elif in_progress:
            progress_parts.append(line)
        else:
            head_parts.append(line)
    close_item()
    return title, items, dropped


def header_lines(lines: list[str]) -> list[str]:
    """The lines among the first eight that hold header fields (名称: …, 发布机构: …)."""
    return [line for line in lines[:8] if _HEADER_KEY_RE.search(line)]
