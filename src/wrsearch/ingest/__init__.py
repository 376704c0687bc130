"""Ingest: report files (.txt/.html/.docx/.pdf) → text → :class:`~wrsearch.models.Report`.

- ``formats``: bytes of each file type → text;
- ``read``: the entry point (``read_report``, ``parse_bytes``, ``parse_sources``): items or prose;
- ``items``: the numbered-task grammar (header, 责任单位 blocks, sections, per-department segments);
- ``prose``: passages of reports without numbered tasks;
- ``periods``: year and period from a title;
- ``departments``: department names as staff write them;
- ``tasks``: task identity across the periods of one issuer and year.

Nothing is imported here, so that the query path can use ``departments`` and ``tasks``
without loading the file readers.
"""
