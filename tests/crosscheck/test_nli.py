"""NLI backends against a tiny ONNX cross-encoder built here and a local fake OpenAI server."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from newsdesk.config import load_settings
from newsdesk.crosscheck.nli import (
    CrossEncoderBackend,
    OpenAICompatibleBackend,
    backend_from_settings,
    parse_answer,
)
from newsdesk.errors import ConfigError

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "the", "dam", "held", "did", "not", "hold", "maybe"]
# Per-token logits (entailment, neutral, contradiction) in config.json's label order:
# "not" pushes to contradiction, "maybe" to neutral, everything else slightly to entailment.
WEIGHTS = {"not": (0.0, 0.0, 4.0), "maybe": (0.0, 4.0, 0.0)}


def _tiny_cross_encoder(folder: Path) -> Path:
    """A real ONNX graph (embedding lookup, masked sum) and a real WordLevel tokenizer."""
    onnx = pytest.importorskip("onnx")
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper
    from tokenizers import Tokenizer, models, pre_tokenizers, processors

    table = np.array([WEIGHTS.get(w, (0.3, 0.0, 0.0)) for w in VOCAB], dtype=np.float32)
    graph = helper.make_graph(
        [helper.make_node("Gather", ["W", "input_ids"], ["emb"]),
         helper.make_node("Cast", ["attention_mask"], ["maskf"], to=TensorProto.FLOAT),
         helper.make_node("Unsqueeze", ["maskf", "axis"], ["mask3"]),
         helper.make_node("Mul", ["emb", "mask3"], ["masked"]),
         helper.make_node("ReduceSum", ["masked", "axis1"], ["logits"], keepdims=0)],
        "tiny_nli",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["b", "s"]),
         helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["b", "s"]),
         helper.make_tensor_value_info("token_type_ids", TensorProto.INT64, ["b", "s"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["b", 3])],
        initializer=[numpy_helper.from_array(table, "W"),
                     numpy_helper.from_array(np.array([2], dtype=np.int64), "axis"),
                     numpy_helper.from_array(np.array([1], dtype=np.int64), "axis1")])
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    folder.mkdir()
    onnx.save(model, str(folder / "model.onnx"))
    tokenizer = Tokenizer(models.WordLevel({w: i for i, w in enumerate(VOCAB)}, unk_token="[UNK]"))
    tokenizer.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    tokenizer.save(str(folder / "tokenizer.json"))
    (folder / "config.json").write_text(json.dumps(
        {"id2label": {"0": "ENTAILMENT", "1": "NEUTRAL", "2": "CONTRADICTION"}}))
    return folder


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _tiny_cross_encoder(tmp_path_factory.mktemp("nli") / "tiny")


def test_nli_cross_encoder_reads_labels_in_config_order(tiny_model: Path) -> None:
    backend = CrossEncoderBackend(tiny_model)
    assert backend.order == ("entailment", "neutral", "contradiction")
    contra = backend.predict("the dam held", "the dam did not hold")
    assert max(contra, key=contra.__getitem__) == "contradiction"
    assert abs(sum(contra.values()) - 1) < 1e-6
    same = backend.predict("the dam held", "the dam held")
    assert max(same, key=same.__getitem__) == "entailment"
    maybe, plain = backend.predict_batch([("the dam held", "maybe the dam held"),
                                          ("the dam held", "the dam held")])
    assert maybe["neutral"] > 0.5 and plain == pytest.approx(same)


def test_nli_cross_encoder_refuses_a_directory_without_model(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        CrossEncoderBackend(tmp_path)


class _FakeChat(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
        said = body["messages"][-1]["content"]
        answer = ('{"entailment": 0.1, "neutral": 0.1, "contradiction": 0.8}' if " not " in said
                  else "Entailment.")
        payload = json.dumps({"choices": [{"message": {"role": "assistant", "content": answer}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture()
def chat_server() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _FakeChat)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FakeChat.requests.clear()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()
    server.server_close()


def test_nli_openai_backend_posts_chat_completions(chat_server: str) -> None:
    backend = OpenAICompatibleBackend(chat_server + "/", "tiny-judge", api_key="k123")
    contra = backend.predict("The dam held.", "The dam did not hold.")
    assert contra == pytest.approx({"entailment": 0.1, "neutral": 0.1, "contradiction": 0.8})
    assert backend.predict("The dam held.", "The dam held.") == {
        "entailment": 1.0, "neutral": 0.0, "contradiction": 0.0}
    backend.close()
    first = _FakeChat.requests[0]
    assert first["path"] == "/v1/chat/completions" and first["model"] == "tiny-judge"
    assert first["auth"] == "Bearer k123" and "The dam did not hold." in first["messages"][-1]["content"]


def test_nli_parse_answer_rejects_an_answer_without_label() -> None:
    assert parse_answer('Sure: {"Contradiction": 3, "neutral": 1}')["contradiction"] == pytest.approx(0.75)
    with pytest.raises(ValueError):
        parse_answer("I cannot tell.")


def test_nli_backend_from_settings(tiny_model: Path, chat_server: str) -> None:
    assert backend_from_settings(load_settings(env={})) is None
    local = backend_from_settings(load_settings(env={}, nli_backend="cross-encoder",
                                                nli_model=str(tiny_model)))
    assert isinstance(local, CrossEncoderBackend)
    remote = backend_from_settings(load_settings(env={"NEWSDESK_NLI_BACKEND": "openai",
                                                      "NEWSDESK_NLI_URL": chat_server,
                                                      "NEWSDESK_NLI_MODEL": "m"}))
    assert isinstance(remote, OpenAICompatibleBackend)
    with pytest.raises(ConfigError):
        backend_from_settings(load_settings(env={}, nli_backend="openai"))
    with pytest.raises(ConfigError):
        backend_from_settings(load_settings(env={}, nli_backend="magic"))


def test_nli_backend_judges_aligned_claims_no_rule_decides(tiny_model: Path) -> None:
    """With nli_backend set, run.py hands the aligned claims that no rule separates to the
    NLI model instead of the shipped agreement model. The tiny model reads every "not"
    as a contradiction, so the two restatements of a denial come out as one; the
    restatement without "not" is left alone."""
    from newsdesk.crosscheck.nli import cached_backend
    from newsdesk.crosscheck.run import crosscheck_statements
    from newsdesk.crosscheck.statements import Statement

    settings = load_settings(env={}, nli_backend="cross-encoder", nli_model=str(tiny_model))
    backend = cached_backend(settings)
    assert isinstance(backend, CrossEncoderBackend) and cached_backend(settings) is backend

    def statement(article: str, text: str, predicate: str, negated: bool = False) -> Statement:
        return Statement(article, article, 0, text, claims=[{"predicate": predicate, "negated": negated}])

    denial = [statement("a", "The dam did not hold, officials said.", "did not hold", True),
              statement("b", "Officials said the dam did not hold.", "did not hold", True)]
    opened = [statement("c", "The bridge reopened on Friday, officials said.", "reopened"),
              statement("d", "Officials said the bridge reopened on Friday.", "reopened")]
    found = [f for f in crosscheck_statements("s", denial + opened, backend) if f.kind == "discrepancy"]
    assert [f.type for f in found] == ["other"]
    assert found[0].articles == ["a", "b"] and "NLI model" in found[0].summary
    assert 0.5 <= found[0].confidence <= 0.99
