"""Retrieval metrics on a labelled query set (format: ``../shared/eval/README.md``).

Per query type: nDCG@10 (graded, gain 2^g − 1), top-1 (first hit has grade 2), MRR (of the
first grade-2 hit), recall@10 (of grade ≥ 1 items). ``dept`` rows are also scored for
department intent: precision and recall of the confident hits the query returns (k = 100).
``related`` rows are scored on ``Engine.related``: hit@5 (an item of the row's top grade in
the first five; the top grade is 2 where the row has one) and nDCG@10. ``none`` rows (the
reports have nothing on the query) score whether no hit is marked confident.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from wrsearch.engine import Engine
from wrsearch.errors import BadInput
from wrsearch.search.fusion import Mode

CUTOFF = 10


class Qrel(BaseModel):
    id: str
    type: str
    query: str | int
    relevant: dict[str, int]
    answer: str | None = None
    split: str | None = Field(None, description="dev or heldout, where a set has both")
    report: str | None = Field(None, description="report the item numbers refer to (default: the only one)")


def read_rows(path: str | Path, make, what: str) -> list:
    """Each non-empty line of a JSONL file through ``make``; a missing file or a line it
    cannot take is :class:`BadInput` naming the file and line."""
    path = Path(path)
    if not path.is_file():
        raise BadInput(f"{what}文件不存在:{path}")
    rows = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(make(json.loads(line)))
        except (json.JSONDecodeError, ValidationError, TypeError, BadInput) as error:
            raise BadInput(f"{path}:{number}: 不是{what}行({str(error).splitlines()[0]})") from None
    return rows


def qrel_of(data: dict) -> Qrel:
    """A qrels row; a related-pair row (``{"item", "related"}``) becomes a ``related`` row."""
    if "item" in data and "related" in data and "query" not in data:
        data = {**data, "type": "related", "query": data["item"], "relevant": data["related"]}
    return Qrel(**data)


def load_qrels(path: str | Path, split: str | None = None) -> list[Qrel]:
    """Read a JSONL qrels file (rows of ``split`` only, when given); a malformed line is
    :class:`BadInput` naming the line. Related-pair rows are read as ``related`` rows."""
    rows = [row for row in read_rows(path, qrel_of, "标注") if split is None or row.split == split]
    if not rows:
        raise BadInput(f"{path}:没有标注行" + (f"(split 为 '{split}')" if split else ""))
    return rows


def ndcg(ranked: list[int], relevant: dict[int, int], cutoff: int = CUTOFF) -> float:
    gains = [2 ** relevant.get(no, 0) - 1 for no in ranked[:cutoff]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((2**g - 1 for g in relevant.values()), reverse=True)[:cutoff]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def query_metrics(ranked: list[int], relevant: dict[int, int]) -> dict[str, float]:
    """nDCG@10, top-1, MRR and recall@10 of one ranked list of item numbers."""
    best = [no for no, grade in relevant.items() if grade >= 2] or list(relevant)
    rank = next((i + 1 for i, no in enumerate(ranked) if no in best), None)
    wanted = [no for no, grade in relevant.items() if grade >= 1]
    found = len(set(ranked[:CUTOFF]) & set(wanted))
    return {
        "ndcg@10": ndcg(ranked, relevant),
        "top1": 1.0 if ranked and ranked[0] in best else 0.0,
        "mrr": 1.0 / rank if rank else 0.0,
        "recall@10": found / len(wanted) if wanted else 0.0,
    }


def related_metrics(engine: Engine, item_id: str, relevant: dict[int, int]) -> dict[str, float]:
    """hit@5: an item of the row's top grade among the first five related items; plus nDCG@10."""
    ranked = [hit.no for hit in engine.related(item_id, k=CUTOFF).hits]
    top_grade = max(relevant.values(), default=0)
    best = {no for no, grade in relevant.items() if grade == top_grade}
    return {"hit@5": 1.0 if best & set(ranked[:5]) else 0.0, "ndcg@10": ndcg(ranked, relevant)}


def evaluate(engine: Engine, qrels: list[Qrel], mode: Mode | str = Mode.HYBRID) -> dict:
    """Metrics by query type for one mode: ``{"mode": …, "by_type": {type: {metric: value, "n": n}}}``."""
    mode = Mode.parse(mode)
    default_report = engine.index.reports[0]["id"] if len(engine.index.reports) == 1 else None
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    counts: dict[str, int] = defaultdict(int)
    for row in qrels:
        report = row.report or default_report
        relevant = {int(no): grade for no, grade in row.relevant.items()}
        if row.type == "related":
            metrics = related_metrics(engine, f"{report}#{int(row.query)}", relevant)
            for name, value in metrics.items():
                sums[row.type][name] += value
            counts[row.type] += 1
            continue
        response = engine.search(str(row.query), k=CUTOFF, report=report, mode=mode)
        ranked = [hit.no for hit in response.hits if hit.no is not None]
        if row.type == "none":  # the reports have nothing on it: no hit may claim to be close
            metrics = {"no_confident_hit": 0.0 if any(hit.confident for hit in response.hits) else 1.0}
            for name, value in metrics.items():
                sums[row.type][name] += value
            counts[row.type] += 1
            continue
        metrics = query_metrics(ranked, relevant)
        if row.type == "dept":
            # Department intent: the query alone must return the department's items, only them.
            hits = engine.search(str(row.query), k=100, report=report, mode=mode).hits
            kept = {hit.no for hit in hits if hit.confident}  # what is presented as found
            wanted = {no for no, grade in relevant.items() if grade >= 1}
            metrics["precision"] = len(kept & wanted) / len(kept) if kept else 0.0
            metrics["recall"] = len(kept & wanted) / len(wanted) if wanted else 0.0
        for name, value in metrics.items():
            sums[row.type][name] += value
        counts[row.type] += 1
    by_type = {
        kind: {**{name: round(total / counts[kind], 4) for name, total in values.items()}, "n": counts[kind]}
        for kind, values in sorted(sums.items())
    }
    return {"mode": mode.value, "by_type": by_type}


# -- answers ---------------------------------------------------------------------------------
class AskRow(BaseModel):
    """A labelled question (``tests/data/ask_intents.jsonl``): ``kind`` is the question's shape,
    ``item``/``items`` the item numbers that answer it, ``answer`` texts a right answer holds."""

    id: str
    kind: str
    query: str
    split: str = "dev"
    item: int | None = None
    items: list[int] = Field(default_factory=list)
    answer: list[str] = Field(default_factory=list)
    report: str | None = None


# Every expected text must be in the answer for these kinds; for the others any one will do.
ALL_TEXTS = {"who", "comparison", "list"}


def load_ask_rows(path: str | Path, split: str | None = None) -> list[AskRow]:
    """Labelled questions of one split (default: all); a malformed line is :class:`BadInput`."""
    return [row for row in read_rows(path, lambda data: AskRow(**data), "问题") if split is None or row.split == split]


def answer_correct(engine: Engine, row: AskRow) -> tuple[bool, str | None]:
    """Whether ``engine.ask`` answers ``row`` right, and the answer it gave.

    Right means: unanswerable → no answer; otherwise an answer holding the expected texts
    (all of them for who/comparison/list, any one otherwise) whose source is the labelled
    item, or, for rows with several items, whose citations include them all."""
    response = engine.ask(row.query)
    if row.kind == "unanswerable":
        return response.answer is None, response.answer
    if response.answer is None:
        return False, None
    report = row.report or engine.index.reports[0]["id"]
    texts_ok = (all if row.kind in ALL_TEXTS else any)(t in response.answer for t in row.answer) if row.answer else True
    cited = {hit.id for hit in response.citations}
    if row.item is not None and not row.items[1:]:
        source_ok = response.source == f"{report}#{row.item}"
    else:
        source_ok = {f"{report}#{no}" for no in row.items} <= cited
    return texts_ok and source_ok, response.answer


def evaluate_answers(engine: Engine, rows: list[AskRow]) -> dict:
    """Accuracy per question kind: ``{kind: {"accuracy": …, "n": …, "wrong": [row ids]}}``."""
    results: dict[str, dict] = {}
    for row in rows:
        ok, _ = answer_correct(engine, row)
        entry = results.setdefault(row.kind, {"right": 0, "n": 0, "wrong": []})
        entry["n"] += 1
        entry["right"] += ok
        if not ok:
            entry["wrong"].append(row.id)
    return {
        kind: {"accuracy": round(e["right"] / e["n"], 4), "n": e["n"], "wrong": e["wrong"]}
        for kind, e in sorted(results.items())
    }


# -- statuses ----------------------------------------------------------------------------------
class StatusLabel(BaseModel):
    """A labelled status (``tests/data/status_labels.jsonl``): an item, or with ``segment`` one
    department's part of it, its status and the clause that shows it, written from the text."""

    item: int
    segment: str | None = None
    status: str
    clause: str | None = None
    split: str = "dev"
    report: str | None = None


# Band widths tried (± percentage points around the expected share).
BAND_CANDIDATES = tuple(b / 2 for b in range(0, 61))


def load_status_labels(path: str | Path, split: str | None = None) -> list[StatusLabel]:
    """Labelled statuses of one split (default: all); a malformed line is :class:`BadInput`."""
    from wrsearch.answer.status import StatusValue

    def label(data: dict) -> StatusLabel:
        row = StatusLabel(**data)
        StatusValue.parse(row.status)
        return row

    return [row for row in read_rows(path, label, "进度标注") if split is None or row.split == split]


def label_evidence(engine: Engine, rows: list[StatusLabel]) -> list[tuple[StatusLabel, object]]:
    """Each label with what the status rules read from its item (or segment) in the engine's index."""
    from wrsearch.answer.status import item_evidence

    default_report = engine.index.reports[0]["id"] if len(engine.index.reports) == 1 else None
    pairs = []
    for row in rows:
        report = row.report or default_report
        if report is None:
            raise BadInput(f"第 {row.item} 项的标注没有写 report,而索引中有多份报告")
        item = engine.index.items[engine.relations.position(f"{report}#{row.item}")]
        evidence = item_evidence(item, row.segment)
        if evidence is None:
            raise BadInput(f"{item.id} 没有 {row.segment} 的分段")
        pairs.append((row, evidence))
    return pairs


def status_scores(pairs: list[tuple[StatusLabel, object]], band: float) -> dict:
    """Accuracy, the confusion table ``{label: {called: n}}`` and the misses at one band width."""
    from wrsearch.answer.status import ORDER, decide

    confusion = {s.value: {t.value: 0 for t in ORDER} for s in ORDER}
    wrong = []
    clause_agrees = 0
    for row, evidence in pairs:
        called = decide(evidence, band, row.segment)
        confusion[row.status][called.status.value] += 1
        if called.status.value != row.status:
            where = (
                (f"{row.report}#" if row.report else "") + f"{row.item}" + (f"/{row.segment}" if row.segment else "")
            )
            wrong.append(f"{where}: {row.status} → {called.status.value} ({called.reason})")
        if row.clause and called.clause and (row.clause in called.clause or called.clause in row.clause):
            clause_agrees += 1
    n = len(pairs)
    right = n - len(wrong)
    return {
        "n": n,
        "right": right,
        "accuracy": round(right / n, 4) if n else 0.0,
        "clause_agreement": round(clause_agrees / n, 4) if n else 0.0,
        "confusion": confusion,
        "wrong": wrong,
    }


def choose_band(
    pairs: list[tuple[StatusLabel, object]], candidates=BAND_CANDIDATES, prior: float | None = None
) -> float:
    """The band width with the best accuracy on ``pairs``; among equals the one nearest the
    brief's default (±10), so the labels move it only when they tell bands apart."""
    from wrsearch.answer.status import DEFAULT_BAND, decide

    prior = DEFAULT_BAND if prior is None else prior

    def accuracy(band: float) -> int:
        return sum(decide(evidence, band, row.segment).status.value == row.status for row, evidence in pairs)

    scored = [(accuracy(band), -abs(band - prior), -band, band) for band in candidates]
    return max(scored)[3]


def cross_validate_band(pairs: list[tuple[StatusLabel, object]], candidates=BAND_CANDIDATES) -> dict:
    """Leave one item out (its segments with it): choose the band on the rest, score the item.
    The accuracy estimates how the chosen band does on items it was not chosen on."""
    from wrsearch.answer.status import decide

    items = sorted({row.item for row, _ in pairs})
    right, bands = 0, []
    for item in items:
        rest = [(row, ev) for row, ev in pairs if row.item != item]
        band = choose_band(rest, candidates)
        bands.append(band)
        right += sum(decide(ev, band, row.segment).status.value == row.status for row, ev in pairs if row.item == item)
    return {
        "accuracy": round(right / len(pairs), 4) if pairs else 0.0,
        "folds": len(items),
        "bands": sorted(set(bands)),
    }


def evaluate_status(engine: Engine, rows: list[StatusLabel]) -> dict:
    """Status accuracy and confusion per split at the band in use, the band the dev rows choose
    (and its leave-one-item-out accuracy), and the dev accuracy at every band width tried."""
    from wrsearch.answer.status import BAND, decide

    pairs = label_evidence(engine, rows)
    splits = {name: [(r, e) for r, e in pairs if r.split == name] for name in dict.fromkeys(r.split for r in rows)}
    dev = splits.get("dev", [])
    result: dict = {"band": BAND}
    if dev:
        result["dev_choice"] = {
            "band": choose_band(dev),
            "cross_validation": cross_validate_band(dev),
            "accuracy_by_band": {
                f"{band:g}": round(
                    sum(decide(e, band, r.segment).status.value == r.status for r, e in dev) / len(dev), 4
                )
                for band in BAND_CANDIDATES
            },
        }
    result["splits"] = {name: status_scores(part, BAND) for name, part in splits.items()}
    return result
