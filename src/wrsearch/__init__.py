"""wrsearch: semantic search and question answering over government work-report progress reports.

Data flow, one package a stage::

    ingest/   report files → text → Report / Item (models.py)
    index/    items → chunks → vectors + BM25 → a generation on disk (build), loaded back (loaded)
    search/   query → Retriever scores → fusion → hits; answers; relations
    engine.py one facade over a loaded generation
    cli.py · api.py + server.py · web/   thin shells over the engine

``models`` holds the one item type, ``schema`` its JSON shapes for the shells.
"""

__version__ = "0.1.0"
