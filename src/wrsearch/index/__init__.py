"""Index: reports → chunks → vectors and BM25, written as atomic generations on disk, read back
for searching.

- ``layout``: the folder, generations, ``CURRENT``, the writer lock, the manifest;
- ``corpus``: which reports an index holds and where each came from;
- ``build``: build / add / replace / remove, embedding only what is new;
- ``chunk``: items cut into sentence windows for the embedder;
- ``embed``: the embedders (bundled e5-small, any sentence-transformers model);
- ``lexical``: jieba tokenizer with the corpus's terms, BM25 arrays;
- ``vectors``: the FAISS index (exact, or IVF tuned for recall above 50k chunks);
- ``calibrate``: what a dense score means for this corpus and model;
- ``loaded``: one generation loaded for searching.
"""
