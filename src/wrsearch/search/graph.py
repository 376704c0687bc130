"""The department–item graph: who is responsible for what, and which items belong together.

Nodes are departments and items; edges are ``responsible`` (department → item, with the
role: lead or co) and ``related`` (item → item, from :meth:`Engine.related`, kept above a
similarity threshold). Exported as JSON (nodes and edges), CSV (one edge a row, UTF-8 with
BOM for Excel) or GraphML (for Gephi, networkx, yEd).
"""

from __future__ import annotations

import csv
import io
import json
from xml.sax.saxutils import escape, quoteattr

from wrsearch.export import neutralise
from wrsearch.options import Choice

RELATED_PER_ITEM = 3


class GraphFormat(Choice):
    __choice_name__ = "format"
    JSON = "json"
    CSV = "csv"
    GRAPHML = "graphml"


def build_graph(engine, threshold: float | None = None, per_item: int = RELATED_PER_ITEM) -> dict:
    """``{"nodes": [...], "edges": [...]}`` over every numbered item of the index.

    ``threshold`` (default: the index's calibrated "clear match" level) keeps only related
    edges at least that similar; each item keeps at most ``per_item`` (default 3)."""
    threshold = engine.calibration.high if threshold is None else threshold
    nodes, edges = [], []
    departments: dict[str, int] = {}
    seen_pairs: set[tuple[str, str]] = set()
    for item in engine.index.items:
        if item.no is None:
            continue
        nodes.append(
            {
                "id": item.id,
                "type": "item",
                "label": f"{item.no}. {item.task[:30]}",
                "report": item.report,
                "year": item.year,
                "period": item.period,
            }
        )
        for position, name in enumerate(item.departments):
            departments[name] = departments.get(name, 0) + 1
            role = "lead" if position == 0 or name in item.lead_departments else "co"
            edges.append(
                {
                    "source": f"dept:{name}",
                    "target": item.id,
                    "type": "responsible",
                    "role": role,
                    "weight": 1.0,
                    "reason": "",
                }
            )
        for hit in engine.related(item.id, k=per_item).hits:
            pair = tuple(sorted((item.id, hit.id)))
            if hit.score >= threshold and pair not in seen_pairs:
                seen_pairs.add(pair)
                edges.append(
                    {
                        "source": item.id,
                        "target": hit.id,
                        "type": "related",
                        "role": "",
                        "weight": round(hit.score, 4),
                        "reason": hit.reason or "",
                    }
                )
    nodes += [
        {"id": f"dept:{name}", "type": "department", "label": name, "items": count}
        for name, count in sorted(departments.items())
    ]
    return {"nodes": nodes, "edges": edges}


def to_json(graph: dict) -> str:
    return json.dumps(graph, ensure_ascii=False, indent=1)


def to_csv(graph: dict) -> str:
    buffer = io.StringIO()
    labels = {node["id"]: node["label"] for node in graph["nodes"]}
    writer = csv.writer(buffer)
    writer.writerow(["source", "source_label", "target", "target_label", "type", "role", "weight", "reason"])
    for edge in graph["edges"]:
        row = [
            edge["source"],
            labels.get(edge["source"], ""),
            edge["target"],
            labels.get(edge["target"], ""),
            edge["type"],
            edge["role"],
            edge["weight"],
            edge["reason"],
        ]
        writer.writerow([neutralise(cell) for cell in row])  # opened in Excel: no formulas
    return "\ufeff" + buffer.getvalue()  # BOM: Excel then reads UTF-8


_NODE_KEYS = {
    "type": "string",
    "label": "string",
    "report": "string",
    "year": "int",
    "period": "string",
    "items": "int",
}
_EDGE_KEYS = {"type": "string", "role": "string", "weight": "double", "reason": "string"}


def to_graphml(graph: dict) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">']
    for name, kind in _NODE_KEYS.items():
        lines.append(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{kind}"/>')
    for name, kind in _EDGE_KEYS.items():
        lines.append(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>')
    lines.append('  <graph id="wrsearch" edgedefault="directed">')
    for node in graph["nodes"]:
        data = "".join(
            f'<data key="n_{k}">{escape(str(node[k]))}</data>' for k in _NODE_KEYS if node.get(k) is not None
        )
        lines.append(f"    <node id={quoteattr(node['id'])}>{data}</node>")
    for edge in graph["edges"]:
        data = "".join(
            f'<data key="e_{k}">{escape(str(edge[k]))}</data>' for k in _EDGE_KEYS if edge.get(k) not in (None, "")
        )
        lines.append(f"    <edge source={quoteattr(edge['source'])} target={quoteattr(edge['target'])}>{data}</edge>")
    lines += ["  </graph>", "</graphml>"]
    return "\n".join(lines) + "\n"


def export(graph: dict, fmt: GraphFormat | str) -> str:
    """The graph as text in ``fmt`` (json, csv or graphml)."""
    writer = {GraphFormat.JSON: to_json, GraphFormat.CSV: to_csv, GraphFormat.GRAPHML: to_graphml}
    return writer[GraphFormat.parse(fmt)](graph)
