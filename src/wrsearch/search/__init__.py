"""Search: from a query (or an item) to ranked items, answers and relations.

- ``query``: what a query asks (words, synonyms, departments, figure/list/question);
- ``retriever``: the backend seam (:class:`Retriever`) and the local bm25s + FAISS one;
- ``fusion``: both retrievers' scores on one scale, fused (modes, weights);
- ``searcher``: filters, ranking and hits for one generation;
- ``highlight``: the query's words marked in snippets;
- ``answer``: extractive answers with citations; ``llm``: the optional generative mode;
- ``relations``: timeline, similar and related items; ``graph``: the department–item graph.
"""
