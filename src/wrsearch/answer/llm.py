"""Optional generative answers from an OpenAI-compatible chat-completions endpoint.

Enabled by ``WRSEARCH_LLM_URL`` (the full ``…/v1/chat/completions`` address); optional
``WRSEARCH_LLM_MODEL`` (default ``default``), ``WRSEARCH_LLM_API_KEY`` and
``WRSEARCH_LLM_TIMEOUT`` (seconds, default 20). The model sees the question and the cited
items as numbered context and must cite them as [1], [2]…; the citations it uses come
back first. Any failure — no URL, a bad timeout value, a timeout, a malformed reply — keeps
the extractive answer and says why in ``llm_error``. Uses only the standard library.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import re
import urllib.error
import urllib.request

from wrsearch.schema import AskResponse

URL_ENV = "WRSEARCH_LLM_URL"
TIMEOUT_ENV = "WRSEARCH_LLM_TIMEOUT"
DEFAULT_TIMEOUT = 20.0
SYSTEM_PROMPT = (
    "你是政府工作报告查询助手。只根据给出的编号材料回答问题，用中文，简洁，给出具体数字。"
    "在句末用[编号]注明出处。材料中没有答案时回答：报告中没有相关内容。"
)
_CITE_RE = re.compile(r"\[(\d{1,2})\]")
_NO_ANSWER = "报告中没有相关内容"


def build_messages(response: AskResponse) -> list[dict[str, str]]:
    context = "\n\n".join(
        f"[{n}] {hit.id}({'、'.join(hit.departments)})\n任务:{hit.task}\n完成情况:{hit.progress}"
        for n, hit in enumerate(response.citations, 1)
    )
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user", "content": f"材料:\n{context}\n\n问题:{response.question}"},
    ]


def chat(messages: list[dict[str, str]], url: str, timeout: float) -> str:
    """The text of the first choice; raises on any transport or format problem."""
    body = json.dumps(
        {"model": os.environ.get("WRSEARCH_LLM_MODEL", "default"), "messages": messages, "temperature": 0},
        ensure_ascii=False,
    ).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if key := os.environ.get("WRSEARCH_LLM_API_KEY"):
        headers["Authorization"] = f"Bearer {key}"
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=timeout) as reply:
        data = json.loads(reply.read().decode("utf-8"))
    text = data["choices"][0]["message"]["content"]
    if not isinstance(text, str) or not text.strip():
        raise ValueError("empty answer")
    return text.strip()


def llm_timeout() -> float:
    """``$WRSEARCH_LLM_TIMEOUT`` in seconds (default 20); :class:`ValueError` with a clear
    message for anything but a positive number."""
    raw = os.environ.get(TIMEOUT_ENV, "")
    if not raw.strip():
        return DEFAULT_TIMEOUT
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not 0 < value < math.inf:
        raise ValueError(f"{TIMEOUT_ENV}={raw[:40]!r} 无效:应为大于 0 的秒数,例如 20")
    return value


# Everything the call can raise: transport (OSError, URLError), a malformed HTTP reply
# (http.client.HTTPException: BadStatusLine, IncompleteRead…, not OSErrors), bad JSON or shape.
CALL_ERRORS = (OSError, urllib.error.URLError, http.client.HTTPException, ValueError, KeyError, IndexError, TypeError)


def ask_llm(response: AskResponse) -> AskResponse:
    """Replace the extractive answer with the model's, or keep it and record why not."""
    url = os.environ.get(URL_ENV)
    if not url:
        return response.model_copy(update={"llm_error": f"{URL_ENV} is not set"})
    if not response.citations:
        return response.model_copy(update={"llm_error": "no items to give the model"})
    try:
        timeout = llm_timeout()
    except ValueError as error:
        return response.model_copy(update={"llm_error": str(error)})
    try:
        text = chat(build_messages(response), url, timeout)
    except CALL_ERRORS as error:
        return response.model_copy(update={"llm_error": f"{type(error).__name__}: {error}"[:300]})
    used = [int(n) - 1 for n in dict.fromkeys(_CITE_RE.findall(text)) if 0 < int(n) <= len(response.citations)]
    if _NO_ANSWER in text and not used:
        return response.model_copy(update={"answer": None, "mode": "llm", "source": None, "department": None})
    order = used + [i for i in range(len(response.citations)) if i not in used]
    citations = [response.citations[i] for i in order]
    return response.model_copy(
        update={
            "answer": text,
            "citations": citations,
            "source": citations[0].id if used else None,
            "department": None,
            "mode": "llm",
        }
    )
