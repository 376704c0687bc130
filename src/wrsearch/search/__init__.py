"""Search: from a query (or an item) to ranked items and relations; answers are the next stage
(:mod:`wrsearch.answer`).

- ``query``: what a query asks (words, synonyms, departments, figure/list/question);
- ``retriever``: the backend seam (:class:`Retriever`) and the local bm25s + FAISS one;
  ``milvus_retriever``: the Milvus one;
- ``fusion``: both retrievers' scores on one scale, fused (modes, weights);
- ``searcher``: filters (status ones read :mod:`wrsearch.answer.status`), ranking and hits for one generation;
- ``highlight``: the query's words marked in snippets;
- ``relations``: timeline, similar and related items; ``graph``: the department–item graph.
"""
