"""Optional natural-language-inference backends the user can plug in.

newsdesk's default cross-check needs no NLI model. A user who has one can point
settings at it (``nli_backend``, ``nli_model``, ``nli_url``; the API key comes from
``NEWSDESK_NLI_API_KEY``):

* ``cross-encoder``: a local directory with ``model.onnx`` and ``tokenizer.json`` (and,
  optionally, ``config.json`` whose ``id2label`` names the output order), run with
  onnxruntime — torch is never needed;
* ``openai``: any OpenAI-compatible chat-completions endpoint (a local llama.cpp or vLLM
  server, say), asked for the three probabilities as JSON.

Both answer ``predict(premise, hypothesis) -> {"entailment": p, "neutral": p,
"contradiction": p}`` with probabilities that sum to one.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from newsdesk.config import Settings
from newsdesk.errors import ConfigError

NLI_LABELS = ("entailment", "neutral", "contradiction")
# The output order of the common NLI cross-encoders when a model says nothing about it.
DEFAULT_ORDER = ("contradiction", "entailment", "neutral")


class NLIBackend(Protocol):
    def predict(self, premise: str, hypothesis: str) -> dict[str, float]: ...


def _normalise(scores: dict[str, float]) -> dict[str, float]:
    values = {k: max(0.0, float(scores.get(k, 0.0))) for k in NLI_LABELS}
    total = sum(values.values())
    if total <= 0:
        return {k: 1 / 3 for k in NLI_LABELS}
    return {k: v / total for k, v in values.items()}


def _label_name(name: str) -> str:
    name = name.lower()
    for label in NLI_LABELS:
        if name.startswith(label[:5]):  # "entail", "contradict", "neutr"
            return label
    raise ConfigError(f"unknown NLI label {name!r}: expected entailment, neutral or contradiction")


class CrossEncoderBackend:
    """A cross-encoder exported to ONNX, in a local directory."""

    def __init__(self, path: str | Path, max_tokens: int = 512) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        folder = Path(path).expanduser()
        model, tokenizer = folder / "model.onnx", folder / "tokenizer.json"
        if not model.exists() or not tokenizer.exists():
            raise ConfigError(f"{folder} is not an ONNX cross-encoder directory",
                              "it needs model.onnx and tokenizer.json (export one with optimum)")
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.session = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
        self.inputs = {i.name for i in self.session.get_inputs()}
        self.order = self._order(folder / "config.json")

    @staticmethod
    def _order(config: Path) -> tuple[str, ...]:
        if not config.exists():
            return DEFAULT_ORDER
        id2label = json.loads(config.read_text("utf-8")).get("id2label") or {}
        if not id2label:
            return DEFAULT_ORDER
        return tuple(_label_name(id2label[k]) for k in sorted(id2label, key=int))

    def predict_batch(self, pairs: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
        if not pairs:
            return []
        encodings = self.tokenizer.encode_batch([(p, h) for p, h in pairs])
        width = max(len(e.ids) for e in encodings)

        def padded(rows: list[list[int]]) -> np.ndarray:
            return np.array([r + [0] * (width - len(r)) for r in rows], dtype=np.int64)

        feeds = {"input_ids": padded([e.ids for e in encodings]),
                 "attention_mask": padded([e.attention_mask for e in encodings]),
                 "token_type_ids": padded([e.type_ids for e in encodings])}
        logits = np.asarray(self.session.run(None, {k: v for k, v in feeds.items() if k in self.inputs})[0])
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs = exp / exp.sum(axis=1, keepdims=True)
        return [_normalise(dict(zip(self.order, map(float, row), strict=True))) for row in probs]

    def predict(self, premise: str, hypothesis: str) -> dict[str, float]:
        return self.predict_batch([(premise, hypothesis)])[0]


PROMPT = ("You judge natural language inference. Given a premise and a hypothesis, answer only "
          "with a JSON object giving the probability that the premise entails the hypothesis, "
          "that it is neutral, and that it contradicts it, for example "
          '{"entailment": 0.1, "neutral": 0.2, "contradiction": 0.7}.')


def parse_answer(content: str) -> dict[str, float]:
    """Probabilities from a model's reply: a JSON object, else a bare label (one-hot)."""
    match = re.search(r"\{.*\}", content, re.S)
    if match:
        try:
            data: Any = json.loads(match.group())
        except json.JSONDecodeError:
            data = None
        if isinstance(data, dict):
            scores = {_label_name(str(k)): float(v) for k, v in data.items()
                      if isinstance(v, int | float) and str(k).lower()[:5] in {"entai", "neutr", "contr"}}
            if scores:
                return _normalise(scores)
    for label in NLI_LABELS:
        if label[:6] in content.lower():
            return {k: float(k == label) for k in NLI_LABELS}
    raise ValueError(f"the NLI endpoint's answer has no label: {content[:200]!r}")


class OpenAICompatibleBackend:
    """Any server that speaks OpenAI's chat-completions protocol."""

    def __init__(self, base_url: str, model: str, api_key: str | None = None, timeout: float = 60.0) -> None:
        import httpx

        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self.model = model
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.client = httpx.Client(timeout=timeout, headers=headers)

    def predict(self, premise: str, hypothesis: str) -> dict[str, float]:
        body = {"model": self.model, "temperature": 0,
                "messages": [{"role": "system", "content": PROMPT},
                             {"role": "user", "content": f"Premise: {premise}\nHypothesis: {hypothesis}"}]}
        response = self.client.post(self.url, json=body)
        response.raise_for_status()
        return parse_answer(str(response.json()["choices"][0]["message"]["content"]))

    def close(self) -> None:
        self.client.close()


def score_pairs(backend: NLIBackend, pairs: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
    """Each (premise, hypothesis) pair scored; in one batch where the backend can."""
    batch = getattr(backend, "predict_batch", None)
    if batch is not None:
        return list(batch(pairs))
    return [backend.predict(p, h) for p, h in pairs]


_LOADED: dict[tuple[str | None, str | None, str | None], NLIBackend | None] = {}


def cached_backend(settings: Settings) -> NLIBackend | None:
    """backend_from_settings, loaded once per process for each configuration (a
    cross-encoder takes seconds to load; the cross-check asks for it once per story)."""
    key = (settings.nli_backend, settings.nli_model, settings.nli_url)
    if key not in _LOADED:
        _LOADED[key] = backend_from_settings(settings)
    return _LOADED[key]


def backend_from_settings(settings: Settings) -> NLIBackend | None:
    """The backend the settings name, or None when none is configured."""
    kind = (settings.nli_backend or "").lower().replace("_", "-")
    if not kind or kind == "none":
        return None
    if kind == "cross-encoder":
        if not settings.nli_model:
            raise ConfigError("nli_backend=cross-encoder needs nli_model: the model's directory")
        return CrossEncoderBackend(settings.nli_model)
    if kind == "openai":
        if not settings.nli_url or not settings.nli_model:
            raise ConfigError("nli_backend=openai needs nli_url (the server's /v1 URL) and nli_model")
        return OpenAICompatibleBackend(settings.nli_url, settings.nli_model,
                                       os.environ.get("NEWSDESK_NLI_API_KEY"))
    raise ConfigError(f"unknown nli_backend {settings.nli_backend!r}", "use cross-encoder or openai")
