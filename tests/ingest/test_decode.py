"""Bytes to text: UTF-8, BOMs, legacy encodings and binary refusal."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from newsdesk.errors import InputRejected, Reason
from newsdesk.ingest.decode import decode_bytes, looks_binary

from .samples import SEED_000

FRENCH = ("Le ministre des Affaires étrangères a déclaré mardi que la décision était "
          "« inacceptable » et qu'il convoquerait l'ambassadeur. Les négociations "
          "reprendront à Genève.\n")
RUSSIAN = "Москва заявила, что переговоры продолжатся на следующей неделе в Стамбуле.\n" * 2
# cp1250 and cp1257 score the same as cp1252 on this; only cp1252 keeps "naïve".
NAIVE = "Zürich café naïve façade — Müller said the Geschäftsführer was in Köln.\n" * 2
GERMAN = ("Ein Bericht über die Lage: Die Regierung hat am Dienstag neue Maßnahmen beschlossen, "
          "sagte der Sprecher. Außenministerin Baerbock äußerte sich später dazu.\n")


def test_decode_utf8_and_boms(seeds_dir: Path) -> None:
    text = (seeds_dir / SEED_000).read_text("utf-8")
    assert decode_bytes(text.encode("utf-8")) == (text, "utf-8")
    assert decode_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))[0] == text
    assert decode_bytes(text.encode("utf-16"))[0] == text  # BOM-marked UTF-16


@pytest.mark.parametrize(("encoding", "text", "reported"), [
    ("cp1252", None, "cp1252"),  # the spun seed saved by a Windows tool: curly quotes
    ("cp1252", FRENCH, "cp1252"),
    ("cp1252", NAIVE, "cp1252"),
    ("latin-1", GERMAN, "cp1252"),  # same bytes as cp1252 for this text
    ("cp1251", RUSSIAN, "cp1251"),
])
def test_decode_legacy_encodings(seeds_dir: Path, encoding: str, text: str | None,
                                 reported: str) -> None:
    text = text or (seeds_dir / SEED_000).read_text("utf-8")
    data = text.encode(encoding)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    decoded, found = decode_bytes(data)
    assert decoded == text
    assert codecs.lookup(found).name == codecs.lookup(reported).name


def test_decode_declared_charset_used_when_utf8_fails() -> None:
    data = "Grüße aus Köln".encode("latin-1")
    assert decode_bytes(data, "iso-8859-1") == ("Grüße aus Köln", "iso-8859-1")


@pytest.mark.parametrize("data", [
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    bytes(range(256)) * 8,
])
def test_decode_binary_refused(data: bytes) -> None:
    assert looks_binary(data)
    with pytest.raises(InputRejected) as caught:
        decode_bytes(data)
    assert caught.value.reason is Reason.BINARY


def test_decode_text_with_a_stray_control_byte_is_text(seeds_dir: Path) -> None:
    data = (seeds_dir / SEED_000).read_bytes().replace(b"\n", b"\n\x0b", 1)
    assert not looks_binary(data)


@pytest.mark.parametrize("corrupt", [b"\xff", b"\xe2\x80"])  # a stray byte, a cut character
def test_decode_utf8_with_a_corrupt_byte_stays_utf8(seeds_dir: Path, corrupt: bytes) -> None:
    data = (seeds_dir / SEED_000).read_bytes()
    at = data.index(b"full-scale")
    decoded, found = decode_bytes(data[:at] + corrupt + data[at:])
    assert found == "utf-8 (invalid bytes replaced)"
    # The seed's curly quotes survive; only the corrupt bytes are replaced.
    assert decoded.replace("\ufffd", "") == data.decode("utf-8")


# -- hostile and unusual encodings (issue 15, items 4 and 5) -------------------------
FERRY = ("Le conseil de Port-Elwin a décidé mardi que la nouvelle ligne de ferry ouvrirait "
         "en mai, deux mois plus tard que prévu.\nLes tarifs seront votés la semaine prochaine.\n")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_decode_utf16_without_bom(codec: str) -> None:
    assert decode_bytes(FERRY.encode(codec)) == (FERRY, codec)


def test_decode_bom_then_invalid_bytes_kept_with_replacements() -> None:
    data = codecs.BOM_UTF8 + FERRY.encode("utf-8").replace(b"mardi", b"m\xffrdi")
    text, encoding = decode_bytes(data)
    assert text == FERRY.replace("mardi", "m\ufffdrdi")
    assert encoding == "utf-8-sig (invalid bytes replaced)"


def test_decode_odd_length_utf16_kept() -> None:
    text, encoding = decode_bytes(FERRY.encode("utf-16") + b"!")
    assert text == FERRY + "\ufffd" and encoding == "utf-16 (invalid bytes replaced)"


def test_decode_marked_but_mostly_undecodable_is_a_rejection() -> None:
    with pytest.raises(InputRejected) as caught:
        decode_bytes(codecs.BOM_UTF8 + bytes(range(128, 256)) * 8)
    assert caught.value.reason is Reason.UNDECODABLE


def test_decode_16bit_binary_is_not_utf16() -> None:
    samples = b"".join(n.to_bytes(2, "little") for n in range(4000))
    with pytest.raises(InputRejected) as caught:
        decode_bytes(samples)
    assert caught.value.reason is Reason.BINARY


def test_decode_hostile_encodings_never_abort_the_batch(tmp_path: Path) -> None:
    from newsdesk.config import load_settings
    from newsdesk.ingest import ingest
    from newsdesk.store import open_store

    inputs = {
        "a-bom-bad.txt": codecs.BOM_UTF8 + FERRY.encode().replace(b"mardi", b"m\xffrdi"),
        "b-odd.txt": FERRY.encode("utf-16") + b"!",
        "c-bomless.txt": FERRY.replace("mai", "juin").encode("utf-16-le"),
        "d-fine.txt": FERRY.replace("mai", "avril").encode(),
    }
    for name, data in inputs.items():
        (tmp_path / name).write_bytes(data)
    settings = load_settings(env={}, db=str(tmp_path / "t.db"), fetch_feed_links=False)
    with open_store(settings.db) as store:
        report = ingest([str(tmp_path / n) for n in inputs], store, settings)
        assert report.rejected == [] and report.new == 4
        texts = {a.source.rsplit("/", 1)[1]: a for a in store.iter_articles()}
    assert "juin" in texts["c-bomless.txt"].text
    assert texts["a-bom-bad.txt"].metadata["encoding"] == "utf-8-sig (invalid bytes replaced)"
