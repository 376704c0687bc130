"""Load test: many concurrent clients against a local `wrsearch serve` while reports come and go.

    .venv/bin/python benchmarks/load.py --index index [--clients 50] [--seconds 60] [--workers 1]

Starts `wrsearch serve` on 127.0.0.1 over a *copy* of the index (the index itself is never
changed), then runs ``--clients`` asyncio clients for ``--seconds`` seconds, each sending a mix
of /search (60 %), /ask (20 %) and /items/{id} (20 %) requests, while one more task adds a small
report over HTTP and removes it again, over and over. Prints requests/s, latency p50/p95/p99
per kind, errors, and the index generations the answers came from. Only loopback addresses are
ever contacted; every loop ends at the deadline.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import httpx

TOKEN = "load-test-token"
QUERIES = [
    "哪些事项涉及水处理",
    "口袋公园",
    "雨污分流",
    "扫黑除恶",
    "高龄津贴",
    "5G基站",
    "老旧小区改造",
    "区水务湖泊局负责哪些事项",
    "招商引资",
    "城建投资",
]
QUESTIONS = [
    "高龄津贴发了多少",
    "长江禁捕由哪个部门负责",
    "5G基站一季度任务数和完成数分别是多少",
    "公租房筹集得怎么样了",
]
# TEST FIXTURE, invented: the report added and removed during the run.
LOAD_REPORT_ID = "loadtest-2021-q3"
LOAD_REPORT = (
    "2021年区《政府工作报告》责任分解事项 1-9月份完成情况\n"
    "1.建设智慧停车场3处。(责任单位:区城管局、区交通大队)\n完成情况:【测试数据】已建成智慧停车场2处。\n"
    "2.推进社区食堂建设。(责任单位:区民政局)\n完成情况:【测试数据】新建社区食堂11家。\n"
)


def tree_cpu_seconds(root: int) -> float:
    """User + system CPU seconds of a process and its descendants so far (Linux /proc; 0 elsewhere).

    Throughput on a shared machine depends on what else runs; CPU per request does much less,
    so it is what before/after comparisons should look at."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / tick
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    return sum(times.get(pid, 0.0) for pid in tree)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


class Stats:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: Counter[str] = Counter()
        self.examples: list[str] = []
        self.generations: Counter[str] = Counter()

    def error(self, kind: str, what: str) -> None:
        self.errors[kind] += 1
        if len(self.examples) < 5:
            self.examples.append(f"{kind}: {what}"[:200])


def labelled_queries() -> tuple[list[str], list[str]]:
    """Search queries and questions: the fixed ones above plus every query of the labelled
    sets in tests/data, so that the mix is as varied as staff's."""
    data = Path(__file__).resolve().parent.parent / "tests" / "data"
    searches, questions = list(QUERIES), list(QUESTIONS)
    for name, into in (("retrieval_v2.jsonl", searches), ("ask_intents.jsonl", questions)):
        path = data / name
        if path.exists():
            rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
            into += [row["query"] for row in rows if isinstance(row.get("query"), str)]
    return searches, questions


async def client_loop(client, deadline: float, item_ids: list[str], stats: Stats, seed: int, unique: bool):
    rng = random.Random(seed)
    searches, questions = labelled_queries()
    sent = 0
    while time.monotonic() < deadline:
        roll = rng.random()
        sent += 1
        # --unique: a query never seen before each time (no cached query vector helps).
        suffix = f" {seed}-{sent}" if unique else ""
        if roll < 0.6:
            kind, url, params = "search", "/search", {"q": rng.choice(searches) + suffix, "k": 10}
        elif roll < 0.8:
            kind, url, params = "ask", "/ask", {"q": rng.choice(questions) + suffix}
        else:
            kind, url, params = "items", f"/items/{rng.choice(item_ids).replace('#', '%23')}", None
        started = time.perf_counter()
        try:
            status, body = await get(client, url, params)
        except (httpx.HTTPError, OSError, asyncio.TimeoutError) as error:
            stats.error(kind, repr(error))
            continue
        except Exception as error:  # aiohttp's ClientError (an optional import)
            stats.error(kind, repr(error))
            continue
        stats.latency[kind].append(time.perf_counter() - started)
        # An item of the report being removed may be gone: 404 is a right answer then.
        if status != 200 and not (kind == "items" and status == 404):
            stats.error(kind, f"{status} {body[:100]!r}")
        elif kind == "search":
            stats.generations[json.loads(body).get("generation")] += 1


async def get(client, url: str, params: dict | None) -> tuple[int, bytes]:
    """GET with either client: aiohttp's (light: the load generator shares the server's cores)
    or httpx's; status and body."""
    if isinstance(client, httpx.AsyncClient):
        response = await client.get(url, params=params)
        return response.status_code, response.content
    async with client.get(url, params=params) as response:
        return response.status, await response.read()


async def writer_loop(client: httpx.AsyncClient, deadline: float, stats: Stats) -> None:
    """Add the fixture report, remove it, again and again until the deadline."""
    headers = {"Authorization": f"Bearer {TOKEN}"}
    while time.monotonic() < deadline - 5:
        started = time.perf_counter()
        files = {"files": (f"{LOAD_REPORT_ID}.txt", LOAD_REPORT.encode("utf-8"))}
        response = await client.post("/reports", files=files, headers=headers, timeout=300)
        stats.latency["add"].append(time.perf_counter() - started)
        if response.status_code != 201:
            stats.error("add", f"{response.status_code} {response.text[:100]}")
        await asyncio.sleep(2)
        started = time.perf_counter()
        response = await client.delete(f"/reports/{LOAD_REPORT_ID}", headers=headers, timeout=300)
        stats.latency["remove"].append(time.perf_counter() - started)
        if response.status_code != 200:
            stats.error("remove", f"{response.status_code} {response.text[:100]}")
        await asyncio.sleep(2)


async def run(base: str, clients: int, seconds: float, unique: bool = False, light: bool = True) -> Stats:
    """The clients (aiohttp's when ``light`` and installed: httpx costs the load generator
    ~5.5 ms of CPU a request, taken from the server on a 2-core machine) and the writer (httpx)."""
    stats = Stats()
    limits = httpx.Limits(max_connections=clients + 2, max_keepalive_connections=clients + 2)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        hits = (await client.get("/search", params={"q": "工作", "k": 100})).json()["hits"]
        item_ids = [hit["id"] for hit in hits] or ["wuchang-2021-q1#1"]
        deadline = time.monotonic() + seconds
        try:
            import aiohttp
        except ImportError:
            aiohttp = None
        if light and aiohttp is not None:
            connector = aiohttp.TCPConnector(limit=clients + 2)
            timeout = aiohttp.ClientTimeout(total=60)
            async with aiohttp.ClientSession(base, connector=connector, timeout=timeout) as session:
                tasks = [client_loop(session, deadline, item_ids, stats, n, unique) for n in range(clients)]
                await asyncio.gather(writer_loop(client, deadline, stats), *tasks)
        else:
            tasks = [client_loop(client, deadline, item_ids, stats, n, unique) for n in range(clients)]
            await asyncio.gather(writer_loop(client, deadline, stats), *tasks)
    return stats


def report(stats: Stats, seconds: float, clients: int, workers: int) -> dict:
    reads = [v for kind in ("search", "ask", "items") for v in stats.latency[kind]]
    summary = {
        "clients": clients,
        "workers": workers,
        "seconds": seconds,
        "requests": len(reads),
        "requests_per_s": round(len(reads) / seconds, 1),
        "errors": dict(stats.errors),
        "error_examples": stats.examples,
        "generations_seen": len(stats.generations),
        "kinds": {
            kind: {
                "n": len(values),
                "p50_ms": round(percentile(values, 50) * 1000, 1),
                "p95_ms": round(percentile(values, 95) * 1000, 1),
                "p99_ms": round(percentile(values, 99) * 1000, 1),
            }
            for kind, values in sorted(stats.latency.items())
        },
    }
    summary["all"] = {p: round(percentile(reads, int(p[1:3])) * 1000, 1) for p in ("p50_ms", "p95_ms", "p99_ms")}
    print(
        f"{clients} clients × {seconds:g} s, {workers} worker(s): {len(reads)} requests, {summary['requests_per_s']}/s"
    )
    print(f"{'kind':8} {'n':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for kind, row in summary["kinds"].items():
        print(f"{kind:8} {row['n']:>7} {row['p50_ms']:>8} {row['p95_ms']:>8} {row['p99_ms']:>8}")
    all_ = summary["all"]
    print(f"{'all':8} {len(reads):>7} {all_['p50_ms']:>8} {all_['p95_ms']:>8} {all_['p99_ms']:>8}")
    print(
        f"errors: {sum(stats.errors.values())} {dict(stats.errors)}; generations answered from: {len(stats.generations)}"
    )
    for example in stats.examples:
        print("  ", example)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index", type=Path, default=Path(os.environ.get("WRSEARCH_INDEX", "index")))
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--unique", action="store_true", help="make every query new (no query-vector cache hits)")
    parser.add_argument("--httpx", action="store_true", help="read with httpx even if aiohttp is installed")
    parser.add_argument(
        "--query-runtime", default="auto", help="the server's --query-runtime: model, onnx or auto (default)"
    )
    parser.add_argument("--json", type=Path, help="also write the summary here")
    args = parser.parse_args()
    if not (args.index / "CURRENT").exists():
        sys.exit(f"no index in {args.index}; build one with: wrsearch index")

    exe = shutil.which("wrsearch") or str(Path(sys.executable).with_name("wrsearch"))
    with tempfile.TemporaryDirectory(prefix="wrsearch-load-") as tmp:
        index = Path(tmp) / "index"
        shutil.copytree(args.index, index, ignore=shutil.ignore_patterns("readers", ".lock"))
        port = free_port()
        base = f"http://127.0.0.1:{port}"  # loopback only
        env = {**os.environ, "WRSEARCH_API_TOKEN": TOKEN, "WRSEARCH_INDEX": str(index)}
        command = [exe, "serve", "--port", str(port), "--workers", str(args.workers)]
        command += ["--query-runtime", args.query_runtime]
        server = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit("the server did not start")
                time.sleep(0.5)
            server_cpu, client_cpu = tree_cpu_seconds(server.pid), time.process_time()
            stats = asyncio.run(run(base, args.clients, args.seconds, args.unique, light=not args.httpx))
            server_cpu, client_cpu = tree_cpu_seconds(server.pid) - server_cpu, time.process_time() - client_cpu
            health = httpx.get(f"{base}/health", timeout=10).json()
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    summary = report(stats, args.seconds, args.clients, args.workers)
    summary["health_after"] = health
    summary["unique_queries"] = args.unique
    summary["client"] = "httpx" if args.httpx else "aiohttp (if installed)"
    served = max(summary["requests"], 1)
    summary["cpu_ms_per_request"] = {
        "server": round(server_cpu * 1000 / served, 2),  # includes the adds and removes
        "load_generator": round(client_cpu * 1000 / served, 2),
    }
    print(
        f"CPU per request: server {summary['cpu_ms_per_request']['server']} ms "
        f"(with the adds/removes), load generator {summary['cpu_ms_per_request']['load_generator']} ms"
    )
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
