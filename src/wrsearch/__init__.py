"""wrsearch: semantic search and question answering over government work-report progress reports.

Data flow: parse (parse.py, prose.py, ingest.py) → chunk (chunk.py) → embed (embed.py) →
index (store.py, lexical.py, ann.py, calibrate.py) → retrieve (query.py, retrieve.py) →
answer (answer.py, llm.py), all behind one engine (engine.py, relations.py) that the CLI
(cli.py), the HTTP API (api.py, server.py) and the web page (web/) share.
"""

__version__ = "0.1.0"
