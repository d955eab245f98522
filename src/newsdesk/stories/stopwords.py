"""English stop words for story matching's content words (stories/text.py).

They are scikit-learn's ``ENGLISH_STOP_WORDS``, read from the one small module of
scikit-learn that holds them (``sklearn/feature_extraction/_stop_words.py``, a frozenset
literal) without importing the package: ``import sklearn.feature_extraction`` pulls in
scikit-learn and scipy.stats, about a CPU-second and 55 MB in every analyze run with new
articles (issue 16). ``importlib.util.find_spec`` of a top-level package locates it
without running it. tests/stories/test_stopwords.py checks the list equals the one
scikit-learn exports and that nothing of scikit-learn gets imported.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path


def _load() -> frozenset[str]:
    spec = importlib.util.find_spec("sklearn")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("story matching needs scikit-learn's stop-word list (pip install scikit-learn)")
    path = Path(next(iter(spec.submodule_search_locations))) / "feature_extraction" / "_stop_words.py"
    module_spec = importlib.util.spec_from_file_location("_newsdesk_sklearn_stop_words", path)
    if module_spec is None or module_spec.loader is None:
        raise ImportError(f"cannot read scikit-learn's stop words from {path}")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    words: frozenset[str] = module.ENGLISH_STOP_WORDS
    return words


ENGLISH_STOP_WORDS = _load()
